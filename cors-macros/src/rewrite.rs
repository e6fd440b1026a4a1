//! An annotated `async fn` checked to be a handler and rewritten: a
//! leading extractor, each argument wrapped, the return type wrapped, the
//! body kept as the user wrote it. Shared by functions and view blocks.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, TokenStreamExt, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, ReturnType};

use crate::errors::Errors;

/// Checks that a function can be a handler: async, no `self`.
pub fn check_signature(sig: &syn::Signature, errors: &mut Errors) {
    if sig.asyncness.is_none() {
        errors.push(
            sig.fn_token.span,
            format!(
                "handler `{}` is not async; axum handlers are async functions\nhelp: write `async fn {}`",
                sig.ident, sig.ident
            ),
        );
    }
    if let Some(FnArg::Receiver(receiver)) = sig.inputs.first() {
        errors.push_spanned(
            receiver,
            format!(
                "handler `{}` takes `self`; axum handlers are free functions\nhelp: remove the receiver and take the state with an extractor such as `State(app): State<App>`",
                sig.ident
            ),
        );
    }
}

/// An annotated function as written: attributes, visibility and signature
/// parsed, the body kept as the user's tokens (never parsed here: a body is
/// the user's business, and parsing it twice per handler was most of the
/// attribute's own run time).
pub struct HandlerFn {
    pub attrs: Vec<syn::Attribute>,
    pub vis: syn::Visibility,
    pub sig: syn::Signature,
    /// The body, braces included.
    pub body: Group,
}

impl Parse for HandlerFn {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        let vis = input.parse()?;
        let sig = input.parse()?;
        let body: Group = input.parse()?;
        if body.delimiter() != Delimiter::Brace {
            return Err(syn::Error::new(body.span(), "expected a function body"));
        }
        Ok(HandlerFn {
            attrs,
            vis,
            sig,
            body,
        })
    }
}

impl ToTokens for HandlerFn {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append_all(&self.attrs);
        self.vis.to_tokens(tokens);
        self.sig.to_tokens(tokens);
        self.body.to_tokens(tokens);
    }
}

impl HandlerFn {
    /// A function syn has already parsed whole (in an impl block, or when
    /// the quick parse above failed); its inner attributes go back into
    /// the body.
    pub fn from_parsed(
        attrs: Vec<syn::Attribute>,
        vis: syn::Visibility,
        sig: syn::Signature,
        block: &syn::Block,
    ) -> Self {
        let (inner, outer): (Vec<_>, Vec<_>) = attrs
            .into_iter()
            .partition(|attr| matches!(attr.style, syn::AttrStyle::Inner(_)));
        let statements = &block.stmts;
        let mut body = Group::new(Delimiter::Brace, quote!(#(#inner)* #(#statements)*));
        body.set_span(block.brace_token.span.join());
        HandlerFn {
            attrs: outer,
            vis,
            sig,
            body,
        }
    }
}

impl From<ItemFn> for HandlerFn {
    fn from(function: ItemFn) -> Self {
        HandlerFn::from_parsed(function.attrs, function.vis, function.sig, &function.block)
    }
}

/// Rewrites a handler: `source` is the type naming its policy.
///
/// Each argument `pattern: Type` becomes `__cors_arg_N: Extracted<Type>`,
/// an extractor that never rejects; the body first takes each value back
/// into the user's pattern, and answers an argument's rejection through the
/// CORS wrapper, so it carries the handler's CORS headers like the
/// handler's own response.
pub fn rewrite(mut function: HandlerFn, source: &TokenStream) -> TokenStream {
    let request = syn::Ident::new("__cors_request", Span::mixed_site());
    let mut takes = Vec::new();
    for (index, argument) in function.sig.inputs.iter_mut().enumerate() {
        let FnArg::Typed(typed) = argument else {
            continue;
        };
        if is_state(&typed.ty) {
            continue;
        }
        let slot = syn::Ident::new(&format!("__cors_arg_{index}"), Span::mixed_site());
        let pattern = std::mem::replace(&mut *typed.pat, binding(slot.clone()));
        let ty = &typed.ty;
        let wrapped = quote_spanned!(ty.span()=> ::handler_cors::__private::Extracted<#ty>);
        *typed.ty = syn::Type::Verbatim(wrapped);
        takes.push(quote! {
            let #pattern = match #slot.into_result() {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(rejection) => return #request.reject(rejection),
            };
        });
    }
    // As the only argument, the extractor takes the whole request (one
    // framework adapter less to compile per handler).
    let extractor = if function.sig.inputs.is_empty() {
        quote!(::handler_cors::__private::CorsRequest<#source, ::handler_cors::__private::Alone>)
    } else {
        quote!(::handler_cors::__private::CorsRequest<#source>)
    };
    function.sig.inputs.insert(
        0,
        FnArg::Typed(syn::PatType {
            attrs: Vec::new(),
            pat: Box::new(binding(request.clone())),
            colon_token: Default::default(),
            ty: Box::new(syn::Type::Verbatim(extractor)),
        }),
    );

    let output_span = function.sig.output.span();
    let inner = match &function.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => quote!(#ty),
    };
    function.sig.output = ReturnType::Type(
        syn::Token![->](output_span),
        Box::new(syn::Type::Verbatim(
            quote_spanned!(output_span=> ::handler_cors::__private::WithCors<#inner>),
        )),
    );

    // Inner attributes (`#![...]`) stay at the top of the function's body.
    let (inner_attrs, statements) = split_inner_attributes(function.body.stream());
    let mut user_block = Group::new(Delimiter::Brace, statements);
    user_block.set_span(function.body.span());
    // The body runs in an `async move` block so its `return`s and `?`s
    // return from the body, not from the rewritten function. A body that
    // cannot return early (no `return`, no `?`, no macro that could expand
    // to one) runs in place: one future less per handler to borrow-check
    // and compile.
    let (answer, braces_lint) = if may_return_early(user_block.stream()) {
        (quote!(#request.respond(async move #user_block.await)), None)
    } else {
        // The user's braces, kept: rustc would call them unnecessary.
        (
            quote!(#request.respond(#user_block)),
            Some(quote!(#[allow(unused_braces)])),
        )
    };
    let HandlerFn {
        attrs, vis, sig, ..
    } = &function;
    // The wrapper makes the return type longer than the user wrote it;
    // clippy would blame the user's code for that.
    quote! {
        #(#attrs)*
        #[allow(clippy::type_complexity)]
        #braces_lint
        #vis #sig {
            #inner_attrs
            #(#takes)*
            #answer
        }
    }
}

/// A pattern binding `name`.
fn binding(name: syn::Ident) -> syn::Pat {
    syn::Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: None,
        ident: name,
        subpat: None,
    })
}

/// Splits a body's leading inner attributes (`#![allow(...)]`) from its
/// statements.
fn split_inner_attributes(body: TokenStream) -> (TokenStream, TokenStream) {
    let mut tokens: Vec<TokenTree> = body.into_iter().collect();
    let mut end = 0;
    while let [
        TokenTree::Punct(hash),
        TokenTree::Punct(bang),
        TokenTree::Group(group),
        ..,
    ] = &tokens[end..]
    {
        if hash.as_char() != '#' || bang.as_char() != '!' || group.delimiter() != Delimiter::Bracket
        {
            break;
        }
        end += 3;
    }
    let statements = tokens.split_off(end);
    (
        tokens.into_iter().collect(),
        statements.into_iter().collect(),
    )
}

/// Whether a body has a `return`, a `?`, or a macro call (which could
/// expand to either), at any depth.
fn may_return_early(tokens: TokenStream) -> bool {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    tokens.iter().enumerate().any(|(index, token)| match token {
        TokenTree::Ident(ident) => ident == "return",
        TokenTree::Punct(punct) if punct.as_char() == '?' => true,
        // `name!(...)`: an identifier, a lone `!`, then a group.
        TokenTree::Punct(punct) => {
            punct.as_char() == '!'
                && punct.spacing() == proc_macro2::Spacing::Alone
                && index > 0
                && matches!(tokens[index - 1], TokenTree::Ident(_))
                && matches!(tokens.get(index + 1), Some(TokenTree::Group(_)))
        }
        TokenTree::Group(group) => may_return_early(group.stream()),
        TokenTree::Literal(_) => false,
    })
}

/// Whether an argument is axum's `State<T>`: it never rejects, and
/// `#[axum::debug_handler]` finds the app's state type by its name, so it
/// stays as written.
fn is_state(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path)
        if path.qself.is_none()
            && path.path.segments.last().is_some_and(|segment| segment.ident == "State"))
}

#[cfg(test)]
mod tests {
    use super::{HandlerFn, may_return_early, rewrite};
    use quote::{ToTokens, quote};

    /// The signature is rewritten, everything else the user wrote is kept
    /// in place: generics, the where clause, outer and inner attributes,
    /// argument patterns, and the body's tokens.
    #[test]
    fn rewrites_the_signature_and_keeps_the_rest() {
        let written = quote! {
            /// Lists things.
            #[inline(never)]
            pub async fn list<T: Send>(Path(id): Path<u32>, state: State<App>) -> Json<T>
            where
                T: Clone,
            {
                #![allow(unused_variables)]
                let unused = 1;
                Json(state.find(id))
            }
        };
        let function: HandlerFn = syn::parse2(written).unwrap();
        let output: syn::ItemFn = syn::parse2(rewrite(function, &quote!(list))).unwrap();
        let text = |tokens: &dyn ToTokens| tokens.to_token_stream().to_string();

        assert_eq!(output.sig.ident, "list");
        assert_eq!(text(&output.sig.generics.params), text(&quote!(T: Send)));
        assert_eq!(
            text(&output.sig.generics.where_clause),
            text(&quote!(where T: Clone,))
        );
        let inputs: Vec<String> = output.sig.inputs.iter().map(|input| text(input)).collect();
        assert_eq!(
            inputs,
            [
                text(&quote!(__cors_request: ::handler_cors::__private::CorsRequest<list>)),
                text(&quote!(__cors_arg_0: ::handler_cors::__private::Extracted<Path<u32> >)),
                text(&quote!(state: State<App>)),
            ]
        );
        assert_eq!(
            text(&output.sig.output),
            text(&quote!(-> ::handler_cors::__private::WithCors<Json<T> >))
        );
        let attrs: Vec<String> = output.attrs.iter().map(|attr| text(attr)).collect();
        for kept in [
            text(&quote!(#[doc = r" Lists things."])),
            text(&quote!(#[inline(never)])),
            text(&quote!(#![allow(unused_variables)])),
        ] {
            assert!(attrs.contains(&kept), "{kept} not in {attrs:?}");
        }
        let body = text(&output.block);
        assert!(body.contains(&text(
            &quote!(let Path(id) = match __cors_arg_0.into_result())
        )));
        assert!(body.contains(&text(&quote!(__cors_request.respond({
            let unused = 1;
            Json(state.find(id))
        })))));
    }

    #[test]
    fn early_returns_are_found_at_any_depth() {
        assert!(may_return_early(quote!({
            return 1;
        })));
        assert!(may_return_early(quote!({
            let x = f()?;
            x
        })));
        assert!(may_return_early(quote!({ if a { g(b)?.h() } else { 2 } })));
        assert!(may_return_early(quote!({ bail!("no") })));
        assert!(may_return_early(quote!({
            let v = json!({"a": 1});
            v
        })));
        assert!(!may_return_early(quote!({ Json(db.list().await) })));
        assert!(!may_return_early(quote!({
            let n = a != b;
            n
        })));
        assert!(!may_return_early(quote!({ "ok" })));
    }
}
