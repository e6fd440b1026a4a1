//! The origin parser and the entry parser: never panic, and whatever they
//! accept is exactly what a browser would send.
#![no_main]

use cors_rules::origin::Origin;
use cors_rules::origin_list::parse_origin_list;
use cors_rules::pattern::parse_origin_entry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(origin) = Origin::parse(text) {
        // Accepted: lowercase, no path, the parts rebuild the input.
        assert!(!text.bytes().any(|b| b.is_ascii_uppercase()));
        let rebuilt = match origin.port {
            Some(port) => format!("{}://{}:{port}", origin.scheme, origin.host),
            None => format!("{}://{}", origin.scheme, origin.host),
        };
        assert_eq!(rebuilt, text);
    }
    let _ = parse_origin_entry(text);
    let _ = parse_origin_list(text, true);
    let _ = cors_rules::regex_check::check_regex(text);
    let _ = cors_rules::regex_check::check_regex_with_credentials(text);
});
