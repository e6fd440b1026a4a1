//! An annotated `async fn` checked to be a handler and rewritten: a
//! leading extractor, each argument wrapped, the return type wrapped, the
//! body kept as the user wrote it. Shared by functions and view blocks.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, ReturnType, parse_quote};

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

/// Rewrites a handler: `source` is the type naming its policy.
///
/// Each argument `pattern: Type` becomes `__cors_arg_N: Extracted<Type>`,
/// an extractor that never rejects; the body first takes each value back
/// into the user's pattern, and answers an argument's rejection through the
/// CORS wrapper, so it carries the handler's CORS headers like the
/// handler's own response.
pub fn rewrite(mut function: ItemFn, source: &TokenStream) -> TokenStream {
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
        let pattern = std::mem::replace(&mut *typed.pat, parse_quote!(#slot));
        let ty = &typed.ty;
        let wrapped: syn::Type =
            syn::parse2(quote_spanned!(ty.span()=> ::handler_cors::__private::Extracted<#ty>))
                .expect("a wrapped argument type parses");
        *typed.ty = wrapped;
        takes.push(quote! {
            let #pattern = match #slot.into_result() {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(rejection) => return #request.reject(rejection),
            };
        });
    }
    // As the only argument, the extractor takes the whole request (one
    // framework adapter less to compile per handler).
    let argument: FnArg = if function.sig.inputs.is_empty() {
        parse_quote! {
            #request: ::handler_cors::__private::CorsRequest<#source, ::handler_cors::__private::Alone>
        }
    } else {
        parse_quote! {
            #request: ::handler_cors::__private::CorsRequest<#source>
        }
    };
    function.sig.inputs.insert(0, argument);

    let output_span = function.sig.output.span();
    let inner = match &function.sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => quote!(#ty),
    };
    function.sig.output = parse_quote_spanned_output(output_span, inner);

    // The wrapper makes the return type longer than the user wrote it;
    // clippy would blame the user's code for that.
    function
        .attrs
        .push(parse_quote!(#[allow(clippy::type_complexity)]));

    let block = &function.block;
    // The body runs in an `async move` block so its `return`s and `?`s
    // return from the body, not from the rewritten function. A body that
    // cannot return early (no `return`, no `?`, no macro that could expand
    // to one) runs in place: one future less per handler to borrow-check
    // and compile.
    function.block = if may_return_early(block.to_token_stream()) {
        parse_quote! {{
            #(#takes)*
            #request.respond(async move #block.await)
        }}
    } else {
        // The user's braces, kept: rustc would call them unnecessary.
        function.attrs.push(parse_quote!(#[allow(unused_braces)]));
        parse_quote! {{
            #(#takes)*
            #request.respond(#block)
        }}
    };
    quote!(#function)
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

fn parse_quote_spanned_output(span: Span, inner: TokenStream) -> ReturnType {
    let tokens = quote_spanned!(span=> -> ::handler_cors::__private::WithCors<#inner>);
    syn::parse2(tokens).expect("a return type wrapping a valid type parses")
}

#[cfg(test)]
mod tests {
    use super::may_return_early;
    use quote::quote;

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
