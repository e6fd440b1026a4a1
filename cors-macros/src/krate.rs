//! `crate = path`: for users who re-export handler-cors under another name
//! (as serde's `#[serde(crate = "...")]`). Generated code names the runtime
//! as `::handler_cors::...`; with the option, the expansion is rewritten to
//! name `path::...` instead.

use proc_macro2::{Group, TokenStream, TokenTree};

/// Removes a top-level `crate = some::path` from macro arguments (cut at
/// commas, or ended by `;` for `route!`), returning the rest and the path.
pub fn take_crate_path(tokens: TokenStream) -> (TokenStream, Option<TokenStream>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let starts_option = |index: usize| {
        matches!(tokens.get(index), Some(TokenTree::Ident(ident)) if ident == "crate")
            && matches!(tokens.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == '=')
            && (index == 0
                || matches!(&tokens[index - 1], TokenTree::Punct(p) if p.as_char() == ',' || p.as_char() == ';'))
    };
    let Some(start) = (0..tokens.len()).find(|&index| starts_option(index)) else {
        return (tokens.into_iter().collect(), None);
    };
    let mut end = start + 2;
    while end < tokens.len()
        && !matches!(&tokens[end], TokenTree::Punct(p) if p.as_char() == ',' || p.as_char() == ';')
    {
        end += 1;
    }
    let path: TokenStream = tokens[start + 2..end].iter().cloned().collect();
    // Drop the separator after the option too.
    let rest = tokens[..start]
        .iter()
        .chain(tokens.get(end + 1..).unwrap_or(&[]))
        .cloned()
        .collect();
    (rest, Some(path))
}

/// Replaces every `::handler_cors` in `output` with `path`.
pub fn rename(output: TokenStream, path: &TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = output.into_iter().collect();
    let mut renamed = Vec::with_capacity(tokens.len());
    let mut index = 0;
    while index < tokens.len() {
        let is_root = matches!(&tokens[index], TokenTree::Punct(p) if p.as_char() == ':')
            && matches!(tokens.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
            && matches!(tokens.get(index + 2), Some(TokenTree::Ident(ident)) if ident == "handler_cors");
        if is_root {
            renamed.extend(path.clone());
            index += 3;
            continue;
        }
        match &tokens[index] {
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), rename(group.stream(), path));
                inner.set_span(group.span());
                renamed.push(TokenTree::Group(inner));
            }
            other => renamed.push(other.clone()),
        }
        index += 1;
    }
    renamed.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn takes_the_option_and_renames_the_root() {
        let (rest, path) =
            take_crate_path(quote!(origins = any, crate = my::cors, methods = [GET]));
        assert_eq!(
            rest.to_string(),
            quote!(origins = any, methods = [GET]).to_string()
        );
        let path = path.unwrap();
        assert_eq!(path.to_string(), quote!(my::cors).to_string());
        let output = rename(
            quote!(
                fn f() -> ::handler_cors::Policy {
                    [::handler_cors::x]
                }
            ),
            &path,
        );
        assert_eq!(
            output.to_string(),
            quote!(
                fn f() -> my::cors::Policy {
                    [my::cors::x]
                }
            )
            .to_string()
        );
        let (rest, path) = take_crate_path(quote!(crate = ::x::y; get(a)));
        assert_eq!(rest.to_string(), quote!(get(a)).to_string());
        assert_eq!(path.unwrap().to_string(), quote!(::x::y).to_string());
        let (_, path) = take_crate_path(quote!(origins = [regex("crate = a")]));
        assert!(path.is_none());
    }
}
