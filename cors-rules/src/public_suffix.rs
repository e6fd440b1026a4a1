//! Whether a domain is a public suffix: a name under which anyone can
//! register a site, so a wildcard over it admits strangers.
//!
//! The answer comes from the Public Suffix List itself, both its ICANN
//! section (`com`, `co.uk`) and its private section (hosting platforms that
//! give each customer a subdomain: `github.io`, `vercel.app`,
//! `s3.us-east-1.amazonaws.com`), through the `psl` crate, which is
//! regenerated from the list every week. A name the list does not know
//! falls under its default rule `*`: every single label (`corp`, `internal`)
//! is a suffix, so `*.corp` is refused as `*.com` is. A few platforms known
//! to hand out subdomains that the list does not name yet are added here.

use psl::Psl;

/// Platforms that give every customer a subdomain but are not (yet) on the
/// list: GitHub Codespaces forwards ports as `<name>-<port>.app.github.dev`.
const NOT_YET_LISTED: &[&str] = &["app.github.dev"];

/// Whether `domain` (lowercase, no trailing dot) is a public suffix.
/// `localhost` is not one: `*.localhost` only ever names this machine.
pub(crate) fn is_public_suffix(domain: &str) -> bool {
    if domain == "localhost" || domain.is_empty() {
        return domain.is_empty();
    }
    if NOT_YET_LISTED.contains(&domain) {
        return true;
    }
    match psl::List.suffix(domain.as_bytes()) {
        Some(suffix) => suffix.as_bytes() == domain.as_bytes(),
        // The list finds no suffix only for names it cannot read (empty
        // labels, say): refuse rather than guess.
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::is_public_suffix;

    #[test]
    fn suffixes_of_the_list() {
        for suffix in [
            "com",
            "io",
            "app",
            "corp",
            "co.uk",
            "com.au",
            "co.jp",
            "github.io",
            "vercel.app",
            "s3.amazonaws.com",
            "s3.us-east-1.amazonaws.com",
            "app.github.dev",
            "uc.r.appspot.com",
            "herokuapp.com",
            "pages.dev",
            "",
        ] {
            assert!(is_public_suffix(suffix), "{suffix}");
        }
        for domain in [
            "myapp.com",
            "myapp.co.uk",
            "myorg.github.io",
            "localhost",
            "myapp.io",
            "preview.myapp.com",
            "myapp.vercel.app",
        ] {
            assert!(!is_public_suffix(domain), "{domain}");
        }
    }
}
