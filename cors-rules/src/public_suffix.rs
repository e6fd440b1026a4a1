//! Whether a domain is a public suffix: a name under which anyone can
//! register a site, so a wildcard over it admits strangers.
//!
//! This is a compact approximation of the Public Suffix List, not the list
//! itself: every single-label name (a TLD), the common second-level
//! registries of country codes (`co.uk`, `com.au`), and the hosting
//! platforms where users get their own subdomain. It errs towards refusing.

/// Second-level labels that country registries hand out to the public.
const REGISTRY_SECOND_LEVELS: &[&str] = &[
    "ac", "co", "com", "edu", "gov", "gob", "go", "govt", "ltd", "mil", "ne", "net", "nic", "nom",
    "or", "org", "plc", "sch", "info", "biz", "gen", "firm", "ind", "me", "web",
];

/// Suffixes where a platform gives each customer a subdomain.
const HOSTING_SUFFIXES: &[&str] = &[
    "amazonaws.com",
    "appspot.com",
    "azurewebsites.net",
    "azurestaticapps.net",
    "blogspot.com",
    "cloudfront.net",
    "codeberg.page",
    "deno.dev",
    "duckdns.org",
    "firebaseapp.com",
    "fly.dev",
    "github.io",
    "githubusercontent.com",
    "gitlab.io",
    "glitch.me",
    "herokuapp.com",
    "loca.lt",
    "netlify.app",
    "ngrok.io",
    "ngrok-free.app",
    "now.sh",
    "onrender.com",
    "pages.dev",
    "railway.app",
    "readthedocs.io",
    "replit.app",
    "repl.co",
    "s3.amazonaws.com",
    "surge.sh",
    "trycloudflare.com",
    "vercel.app",
    "web.app",
    "workers.dev",
];

/// Whether `domain` (lowercase, no trailing dot) is a public suffix.
/// `localhost` is not one: `*.localhost` only ever names this machine.
pub(crate) fn is_public_suffix(domain: &str) -> bool {
    if HOSTING_SUFFIXES.contains(&domain) {
        return true;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    match labels.as_slice() {
        ["localhost"] => false,
        [_] => true,
        [second, country] if country.len() == 2 => REGISTRY_SECOND_LEVELS.contains(second),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_public_suffix;

    #[test]
    fn known_suffixes() {
        for suffix in [
            "com",
            "io",
            "co.uk",
            "com.au",
            "co.jp",
            "github.io",
            "vercel.app",
            "s3.amazonaws.com",
        ] {
            assert!(is_public_suffix(suffix), "{suffix}");
        }
        for domain in [
            "myapp.com",
            "myapp.co.uk",
            "myorg.github.io",
            "localhost",
            "myapp.io",
        ] {
            assert!(!is_public_suffix(domain), "{domain}");
        }
    }
}
