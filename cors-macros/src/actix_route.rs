//! `#[cors]` above an actix-web route attribute (`#[get("/feed")]`,
//! `#[route("/feed", method = "GET", method = "PUT")]`): the attribute is
//! taken off the handler and the service is generated here instead, so the
//! type named like the handler is both the actix service (`.service(feed)`)
//! and the holder of `feed::POLICY` and `feed::preflight`, and the
//! resource it registers answers its preflights with no other
//! registration. Recognised by the attribute's last path segment.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Ident, LitStr, Token};

use crate::errors::Errors;
use crate::route::METHODS;

/// The actix-web route attributes and the method each one routes.
const ROUTE_ATTRIBUTES: [(&str, Option<&str>); 7] = [
    ("get", Some("GET")),
    ("post", Some("POST")),
    ("put", Some("PUT")),
    ("patch", Some("PATCH")),
    ("delete", Some("DELETE")),
    ("head", Some("HEAD")),
    ("route", None),
];

/// A route attribute, read.
pub struct ActixRoute {
    /// The attribute's own path (`get`, `actix_web::get`), named again in
    /// the expansion so the user's import of it stays used.
    attribute: syn::Path,
    path: LitStr,
    name: Option<LitStr>,
    methods: Vec<String>,
}

/// The arguments: a path, then `key = "value"` pairs.
struct Args {
    path: LitStr,
    pairs: Vec<(Ident, LitStr)>,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Args> {
        let path = input.parse()?;
        let mut pairs = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            pairs.push((key, input.parse()?));
        }
        Ok(Args { path, pairs })
    }
}

/// Takes the handler's actix-web route attribute, if it has one.
pub fn take(attrs: &mut Vec<Attribute>, errors: &mut Errors) -> Option<ActixRoute> {
    let position = attrs.iter().position(|attr| kind(attr).is_some())?;
    let attr = attrs.remove(position);
    let method = kind(&attr).flatten();
    let args = match attr.parse_args::<Args>() {
        Ok(args) => args,
        Err(error) => {
            errors.push(
                error.span(),
                format!("{error}\nhelp: write the route as actix-web does, such as `#[get(\"/feed\")]` or `#[route(\"/feed\", method = \"GET\")]`"),
            );
            return None;
        }
    };
    let mut route = ActixRoute {
        attribute: attr.path().clone(),
        path: args.path,
        name: None,
        methods: method.map(str::to_owned).into_iter().collect(),
    };
    for (key, value) in args.pairs {
        match key.to_string().as_str() {
            "name" => route.name = Some(value),
            "method" if method.is_none() => {
                let text = value.value();
                if !cors_rules::method::is_token(&text) {
                    errors.push(
                        value.span(),
                        format!("`{text}` is not an HTTP method\nhelp: write a method such as `method = \"GET\"`"),
                    );
                } else if route.methods.contains(&text) {
                    errors.push(
                        value.span(),
                        format!("`{text}` is routed twice\nhelp: remove one `method = \"{text}\"`"),
                    );
                } else {
                    route.methods.push(text);
                }
            }
            other => errors.push(
                key.span(),
                format!("`{other}` is not supported on an actix-web route under #[cors]\nhelp: keep the path, `name` and (on `#[route]`) `method`; for guards or middleware, mount the handler with `web::resource(...)` and `resource!`"),
            ),
        }
    }
    if route.methods.is_empty() {
        errors.push(
            route.path.span(),
            "`#[route]` needs at least one method\nhelp: write `#[route(\"/feed\", method = \"GET\")]`",
        );
    }
    Some(route)
}

/// `Some(method)` for an actix route attribute (`None` inside for
/// `#[route]`, whose methods are arguments).
fn kind(attr: &Attribute) -> Option<Option<&'static str>> {
    let segment = attr.path().segments.last()?;
    ROUTE_ATTRIBUTES
        .iter()
        .find(|(name, _)| segment.ident == name)
        .map(|(_, method)| *method)
}

/// The service: `name` registers `handler` for the route's methods, with an
/// `OPTIONS` route deciding each preflight by this handler's policy for
/// the methods it serves (a method it does not serve is refused).
pub fn service(name: &Ident, handler: &Ident, route: &ActixRoute) -> TokenStream {
    let path = &route.path;
    let resource_name = match &route.name {
        Some(name) => quote!(#name),
        None => {
            let text = name.to_string();
            quote!(#text)
        }
    };
    let methods = &route.methods;
    let routable = methods
        .iter()
        .all(|method| METHODS.iter().any(|(_, known)| known == method));
    let preflight = if routable {
        let policies = METHODS.iter().map(|(_, method)| {
            if methods.contains(&(*method).to_owned()) {
                quote!(::core::option::Option::Some(<#name as ::handler_cors::__private::PolicySource>::POLICY))
            } else {
                quote!(::core::option::Option::None)
            }
        });
        let mut allow: Vec<&str> = METHODS
            .iter()
            .map(|(_, method)| *method)
            .filter(|method| methods.iter().any(|m| m == method))
            .collect();
        allow.push("OPTIONS");
        let allow = allow.join(", ");
        quote!(::handler_cors::__private::Preflight::__routed([#(#policies),*], #allow))
    } else {
        // A method outside the routed table: the handler's policy decides.
        quote!(#name::preflight)
    };
    let config = Ident::new("__cors_config", Span::mixed_site());
    let attribute = &route.attribute;
    quote! {
        impl ::handler_cors::__private::actix::HttpServiceFactory for #name {
            fn register(self, #config: &mut ::handler_cors::__private::actix::AppService) {
                #[allow(unused_imports)]
                use #attribute as _;
                ::handler_cors::__private::actix::register(
                    #config,
                    #path,
                    #resource_name,
                    &[#(#methods),*],
                    #handler,
                    #preflight,
                );
            }
        }
    }
}

/// The name of the function the handler becomes.
pub fn handler_name(name: &Ident) -> Ident {
    Ident::new(
        &format!("__cors_actix_{}", crate::expand::bare(name)),
        name.span(),
    )
}
