//! `#[cors(...)]` on an inherent `impl` block: one policy for every async
//! associated function in it (a class-based view), with a function's own
//! `#[cors(...)]` replacing it for that function.
//!
//! Statics cannot live in an impl block, so each policy is a `static` and a
//! hidden marker type written beside the block; the block gains one
//! associated const per handler (`LIST_POLICY` for `list`). There is no
//! block-wide `OPTIONS` handler: one shared by handlers on several paths
//! cannot know which of them a preflight is for. `route!` mounts each
//! view function's preflight with its own policy.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::{FnArg, ImplItem, ItemImpl, Type, parse_quote};

use crate::check::{CheckedPolicy, check_policy};
use crate::errors::Errors;
use crate::expand::{PolicyNames, bare, define_policy, predicate_wrappers, registration};
use crate::parse::parse_policy;
use crate::rewrite::{HandlerFn, check_signature, rewrite};

/// Where one handler's policy comes from.
enum Source {
    /// A policy written on the block or the function: defined beside the block.
    Own {
        marker: Ident,
        checked: Box<CheckedPolicy>,
    },
    /// `policy = NAMED`.
    Named(syn::Path),
}

impl Source {
    fn marker(&self) -> TokenStream {
        match self {
            Source::Own { marker, .. } => quote!(#marker),
            Source::Named(path) => quote!(#path),
        }
    }
}

/// Whether an attribute is `#[cors(...)]` or `#[handler_cors::cors(...)]`.
fn is_cors_attribute(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "cors")
}

/// `#[cors(args)] impl ... { ... }`.
pub fn expand_impl(args: TokenStream, mut block: ItemImpl, mut errors: Errors) -> TokenStream {
    let block_spec = parse_policy(args, &mut errors);
    let mut block_checked = check_policy(block_spec, Span::call_site(), &mut errors);
    block_checked.allow = crate::warnings::lint_attributes(&block.attrs);

    if let Some((path, _)) = &block.trait_ {
        errors.push_spanned(
            path,
            "#[cors] goes on an inherent impl block, not on a trait impl\nhelp: put the handlers in `impl YourView { ... }` and the attribute on that block",
        );
    }
    let view = view_ident(&block.self_ty);

    // The handlers, with the attributes that override the block's policy.
    let mut handlers: Vec<(Ident, Option<CheckedPolicy>)> = Vec::new();
    for item in &mut block.items {
        let ImplItem::Fn(function) = item else {
            continue;
        };
        let own = function
            .attrs
            .iter()
            .position(is_cors_attribute)
            .map(|index| function.attrs.remove(index));
        let is_handler = function.sig.asyncness.is_some()
            && !matches!(function.sig.inputs.first(), Some(FnArg::Receiver(_)));
        let own = own.map(|attr| {
            let tokens = match &attr.meta {
                syn::Meta::List(list) => list.tokens.clone(),
                _ => TokenStream::new(),
            };
            check_signature(&function.sig, &mut errors);
            let spec = parse_policy(tokens, &mut errors);
            let mut checked = check_policy(spec, attr.bracket_token.span.join(), &mut errors);
            checked.allow = crate::warnings::lint_attributes(&block.attrs);
            checked
                .allow
                .extend(crate::warnings::lint_attributes(&function.attrs));
            checked
        });
        if is_handler {
            handlers.push((function.sig.ident.clone(), own));
        }
    }
    if handlers.is_empty() && block.trait_.is_none() {
        errors.push(
            block.impl_token.span,
            format!(
                "#[cors] on `impl {view}` applies to its async handler functions, but it has none\nhelp: add an `async fn` without `self`, or remove #[cors] from this block"
            ),
        );
    }
    if !errors.is_empty() {
        return with_errors(block, &view, handlers, errors);
    }

    // Named after the block's first handler: two `#[cors]` blocks for one
    // type cannot both have it, so their markers never clash.
    let first = handlers.first().map(|(name, _)| name.clone());
    let block_source = source_for(&view, first.as_ref(), true, block_checked);
    let mut sources: Vec<(Ident, Source)> = Vec::new();
    let mut registrations = TokenStream::new();
    for (name, own) in handlers {
        let (source, origin) = match own {
            Some(checked) => {
                let origin = if checked.named.is_some() {
                    "Named"
                } else {
                    "Own"
                };
                (source_for(&view, Some(&name), false, checked), origin)
            }
            None => match &block_source {
                Source::Own { marker, .. } => (Source::Named(parse_quote!(#marker)), "View"),
                Source::Named(path) => (Source::Named(path.clone()), "Named"),
            },
        };
        registrations.extend(registration(
            "ViewFunction",
            origin,
            &format!("{}::{}", bare(&view), bare(&name)),
            &source.marker(),
        ));
        sources.push((name, source));
    }

    let mut beside = TokenStream::new();
    for (label, source) in std::iter::once((view.to_string(), &block_source)).chain(
        sources
            .iter()
            .map(|(name, source)| (format!("{view}::{name}"), source)),
    ) {
        if let Source::Own { marker, checked } = source {
            beside.extend(define_marker(&label, marker, checked));
        }
    }

    rewrite_handlers(&mut block, &sources);
    quote! {
        ::handler_cors::__require_framework!();
        #beside
        #registrations
        #block
    }
}

/// Rewrites each handler of the block for its policy, and adds one
/// associated `NAME_POLICY` const per handler.
fn rewrite_handlers(block: &mut ItemImpl, sources: &[(Ident, Source)]) {
    let mut extra: Vec<ImplItem> = Vec::new();
    for item in &mut block.items {
        let ImplItem::Fn(function) = item else {
            continue;
        };
        let Some((_, source)) = sources.iter().find(|(name, _)| *name == function.sig.ident) else {
            continue;
        };
        let marker = source.marker();
        let name = function.sig.ident.clone();
        let handler = HandlerFn::from_parsed(
            std::mem::take(&mut function.attrs),
            function.vis.clone(),
            function.sig.clone(),
            &function.block,
        );
        *item = ImplItem::Verbatim(rewrite(handler, &marker));

        let constant = Ident::new(
            &format!("{}_POLICY", bare(&name).to_uppercase()),
            name.span(),
        );
        let doc = format!("The CORS policy of [`Self::{name}`].");
        extra.push(parse_quote! {
            #[doc = #doc]
            pub const #constant: &'static ::handler_cors::Policy =
                <#marker as ::handler_cors::__private::PolicySource>::POLICY;
        });
    }
    block.items.extend(extra);
}

/// The policy of the block (`block` is true; `handler` is its first) or
/// of one function.
fn source_for(
    view: &Ident,
    handler: Option<&Ident>,
    block: bool,
    checked: CheckedPolicy,
) -> Source {
    if let Some(path) = &checked.named {
        return Source::Named(path.clone());
    }
    let handler = handler.map(bare).unwrap_or_default();
    let marker = if block {
        format!("__CorsPolicy_{}__block_{handler}", bare(view))
    } else {
        format!("__CorsPolicy_{}_{handler}", bare(view))
    };
    Source::Own {
        marker: Ident::new(&marker, Span::call_site()),
        checked: Box::new(checked),
    }
}

/// A policy's static and its marker type, beside the block.
fn define_marker(label: &str, marker: &Ident, checked: &CheckedPolicy) -> TokenStream {
    let static_name = Ident::new(&format!("__CORS_POLICY_{marker}"), Span::call_site());
    let names = PolicyNames {
        label: label.to_owned(),
        key: marker,
    };
    let definition = define_policy(TokenStream::new(), &static_name, "", &names, checked);
    let wrappers = predicate_wrappers(marker, checked);
    quote! {
        #wrappers
        #definition

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        pub struct #marker;

        impl ::handler_cors::__private::PolicySource for #marker {
            const POLICY: &'static ::handler_cors::Policy = &#static_name;
        }
    }
}

/// The name of the view for messages and mangled names.
fn view_ident(ty: &Type) -> Ident {
    match ty {
        Type::Path(path) => path.path.segments.last().map_or_else(
            || Ident::new("View", Span::call_site()),
            |s| s.ident.clone(),
        ),
        _ => Ident::new("View", Span::call_site()),
    }
}

/// The block after a mistake, with the errors: its handlers rewritten with
/// a policy that allows nothing (so routes naming them still compile and
/// show no second error), or, on a trait impl, the block as written. The
/// inner `#[cors]` were removed, so they do not expand on their own.
fn with_errors(
    mut block: ItemImpl,
    view: &Ident,
    handlers: Vec<(Ident, Option<CheckedPolicy>)>,
    errors: Errors,
) -> TokenStream {
    let errors = errors.into_compile_errors();
    let Some((first, _)) = handlers.first() else {
        return quote!(#block #errors);
    };
    if block.trait_.is_some() {
        return quote!(#block #errors);
    }
    let marker = Ident::new(
        &format!("__CorsPolicy_{}__unconfigured_{}", bare(view), bare(first)),
        Span::call_site(),
    );
    let static_name = Ident::new(&format!("__CORS_POLICY_{marker}"), Span::call_site());
    let sources: Vec<(Ident, Source)> = handlers
        .into_iter()
        .map(|(name, _)| (name, Source::Named(parse_quote!(#marker))))
        .collect();
    rewrite_handlers(&mut block, &sources);
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        static #static_name: ::handler_cors::Policy = ::handler_cors::Policy::UNCONFIGURED;

        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        pub struct #marker;

        impl ::handler_cors::__private::PolicySource for #marker {
            const POLICY: &'static ::handler_cors::Policy = &#static_name;
        }

        #block
        #errors
    }
}
