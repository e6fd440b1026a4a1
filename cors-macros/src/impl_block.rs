//! `#[cors(...)]` on an inherent `impl` block: one policy for every async
//! associated function in it (a class-based view), with a function's own
//! `#[cors(...)]` replacing it for that function, and an associated
//! `preflight` that answers for all of them.
//!
//! Statics cannot live in an impl block, so each policy is a `static` and a
//! hidden marker type written beside the block; the block gains one
//! associated const per handler (`LIST_POLICY` for `list`) and `preflight`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::{FnArg, ImplItem, ItemImpl, Type, parse_quote};

use crate::check::{CheckedPolicy, check_policy};
use crate::errors::Errors;
use crate::expand::{PolicyNames, Scope, bare, define_policy, predicate_wrappers};
use crate::handler::{check_signature, rewrite};
use crate::parse::parse_policy;

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
        return with_errors(block, errors);
    }

    let block_source = source_for(&view, None, block_checked);
    let mut sources: Vec<(Ident, Source)> = Vec::new();
    for (name, own) in handlers {
        let source = match own {
            Some(checked) => source_for(&view, Some(&name), checked),
            None => match &block_source {
                Source::Own { marker, .. } => Source::Named(parse_quote!(#marker)),
                Source::Named(path) => Source::Named(path.clone()),
            },
        };
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

    // Rewrite each handler and add the associated consts and `preflight`.
    let mut extra: Vec<ImplItem> = Vec::new();
    for item in &mut block.items {
        let ImplItem::Fn(function) = item else {
            continue;
        };
        let Some((_, source)) = sources.iter().find(|(name, _)| *name == function.sig.ident) else {
            continue;
        };
        let marker = source.marker();
        let as_fn = syn::ItemFn {
            attrs: std::mem::take(&mut function.attrs),
            vis: function.vis.clone(),
            modifiers: Default::default(),
            sig: function.sig.clone(),
            block: Box::new(function.block.clone()),
        };
        let rewritten: syn::ItemFn =
            syn::parse2(rewrite(as_fn, &marker)).expect("a rewritten function parses");
        function.attrs = rewritten.attrs;
        function.sig = rewritten.sig;
        function.block = *rewritten.block;

        let name = &function.sig.ident;
        let constant = Ident::new(
            &format!("{}_POLICY", bare(name).to_uppercase()),
            name.span(),
        );
        let doc = format!("The CORS policy of [`Self::{name}`].");
        extra.push(parse_quote! {
            #[doc = #doc]
            pub const #constant: &'static ::handler_cors::Policy =
                <#marker as ::handler_cors::__private::PolicySource>::POLICY;
        });
    }
    let mut markers: Vec<String> = Vec::new();
    let policies: Vec<TokenStream> = sources
        .iter()
        .map(|(_, source)| source.marker())
        .filter(|marker| {
            let text = marker.to_string();
            let fresh = !markers.contains(&text);
            markers.push(text);
            fresh
        })
        .map(|marker| quote!(<#marker as ::handler_cors::__private::PolicySource>::POLICY))
        .collect();
    let doc = format!(
        "Answers `OPTIONS` for every handler of `{view}`, with the policy of the first one whose methods contain the requested method."
    );
    extra.push(parse_quote! {
        #[doc = #doc]
        pub async fn preflight(
            request: ::handler_cors::__private::Request,
        ) -> ::handler_cors::__private::Response {
            static POLICIES: &[&::handler_cors::Policy] = &[#(#policies),*];
            ::handler_cors::__private::answer_preflight_any(POLICIES, request).await
        }
    });
    block.items.extend(extra);

    quote! {
        ::handler_cors::__require_framework!();
        #beside
        #block
    }
}

/// The policy of the block (`handler` is `None`) or of one function.
fn source_for(view: &Ident, handler: Option<&Ident>, checked: CheckedPolicy) -> Source {
    if let Some(path) = &checked.named {
        return Source::Named(path.clone());
    }
    let marker = match handler {
        None => format!("__CorsPolicy_{}", bare(view)),
        Some(handler) => format!("__CorsPolicy_{}_{}", bare(view), bare(handler)),
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
        scope: Scope::Here,
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

/// The block as written (its inner `#[cors]` removed, so they do not
/// expand on their own inside it), a `preflight` that refuses everything,
/// and the errors.
fn with_errors(mut block: ItemImpl, errors: Errors) -> TokenStream {
    if block.trait_.is_none() {
        block.items.push(parse_quote! {
            #[doc(hidden)]
            pub async fn preflight(
                request: ::handler_cors::__private::Request,
            ) -> ::handler_cors::__private::Response {
                static UNCONFIGURED: ::handler_cors::Policy = ::handler_cors::Policy::UNCONFIGURED;
                ::handler_cors::__private::answer_preflight(&UNCONFIGURED, request).await
            }
        });
    }
    let errors = errors.into_compile_errors();
    quote!(#block #errors)
}
