//! `resource!("/posts", get(list).post(create))`: an actix-web resource of
//! annotated handlers with its `OPTIONS` route, deciding each preflight
//! with the policy of the handler routed for the requested method. The
//! chain is read as `route!` reads it (`route.rs`); actix-web routes `HEAD`
//! only where a `head(...)` handler is given.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Expr, Ident, Token};

use crate::route::{METHODS, Macro, Table, read_routes, table};

/// `path, chain`.
struct Input {
    path: Expr,
    chain: Expr,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Input> {
        let path = input.parse()?;
        input.parse::<Token![,]>()?;
        let chain = input.parse()?;
        input.parse::<Option<Token![,]>>()?;
        Ok(Input { path, chain })
    }
}

/// The whole `resource!(...)`.
pub fn expand_resource(input: TokenStream) -> TokenStream {
    let Input { path, chain } = match syn::parse2::<Input>(input) {
        Ok(input) => input,
        Err(error) => {
            let message = format!(
                "{error}\nhelp: `resource!` takes a path and a chain of #[cors] handlers, such as `resource!(\"/posts\", get(list_posts).post(create_post))`"
            );
            return syn::Error::new(error.span(), message).to_compile_error();
        }
    };
    let routed = match read_routes(&chain, Macro::Resource) {
        Ok(routed) => routed,
        Err(errors) => return errors,
    };
    let Table {
        bindings,
        names,
        preflight,
    } = table(&routed, false);
    let routes = routed.iter().zip(&names).map(|(route, name)| {
        let function = Ident::new(METHODS[route.index].0, route.method.span());
        quote!(.route(::handler_cors::__private::actix::web::#function().to(#name)))
    });
    let preflight_name = Ident::new("__cors_preflight", Span::mixed_site());
    quote! {{
        ::handler_cors::__require_framework!();
        #(#bindings)*
        let #preflight_name = #preflight;
        ::handler_cors::__private::actix::web::resource(#path)
            #(#routes)*
            .route(::handler_cors::__private::actix::options(#preflight_name))
    }}
}
