//! The CORS map of a program: every annotated handler, view function and
//! named policy, registered by the generated code through `inventory` (a
//! static list assembled when the program starts; nothing is done per
//! request), listed with its settings and printed as a table for a security
//! review or a test that pins it.

use std::fmt;

use crate::policy::Policy;

/// What a registration stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    /// A function with `#[cors(...)]`.
    Handler,
    /// An async function of a `#[cors(...)]` impl block.
    ViewFunction,
    /// A policy declared with `policy!` (usable as a layer).
    NamedPolicy,
}

/// Where a handler's policy comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyOrigin {
    /// Written on the handler itself (or it is the named policy).
    Own,
    /// The policy of the impl block the function is in.
    View,
    /// A named policy: `#[cors(policy = NAME)]`.
    Named,
}

/// One registration, made by the generated code. Not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct Registration {
    kind: EntryKind,
    source: PolicyOrigin,
    name: &'static str,
    module: &'static str,
    policy: &'static Policy,
}

impl Registration {
    /// Built in a `static` by the attribute and `policy!`.
    #[doc(hidden)]
    pub const fn __new(
        kind: EntryKind,
        source: PolicyOrigin,
        name: &'static str,
        module: &'static str,
        policy: &'static Policy,
    ) -> Registration {
        Registration {
            kind,
            source,
            name,
            module,
            policy,
        }
    }
}

inventory::collect!(Registration);

/// One handler, view function or named policy of the program.
#[derive(Debug, Clone, Copy)]
pub struct InventoryEntry {
    registration: &'static Registration,
}

impl InventoryEntry {
    /// What it is.
    pub fn kind(&self) -> EntryKind {
        self.registration.kind
    }

    /// Its name as written: `list_posts`, `PostsView::list`, `STRICT`.
    pub fn name(&self) -> &'static str {
        self.registration.name
    }

    /// The module it is declared in (`module_path!()`).
    pub fn module(&self) -> &'static str {
        self.registration.module
    }

    /// Its name with the module path below the crate root:
    /// `admin::list_posts` for `list_posts` in `my_app::admin`.
    pub fn path(&self) -> String {
        match self.registration.module.split_once("::") {
            Some((_, inner)) => format!("{inner}::{}", self.registration.name),
            None => self.registration.name.to_owned(),
        }
    }

    /// Where its policy comes from.
    pub fn policy_origin(&self) -> PolicyOrigin {
        self.registration.source
    }

    /// The policy that answers for it.
    pub fn policy(&self) -> &'static Policy {
        self.registration.policy
    }
}

/// Every handler, view function and named policy of the program, sorted by
/// module and name; `Display` prints the table.
#[derive(Debug, Clone)]
pub struct Inventory {
    entries: Vec<InventoryEntry>,
}

/// Lists every annotated handler, view function and named policy of the
/// program, with its settings.
///
/// ```
/// let map = cors_runtime::map::inventory();
/// for entry in map.entries() {
///     println!("{} allows credentials: {}", entry.name(), entry.policy().credentials());
/// }
/// println!("{map}");
/// ```
pub fn inventory() -> Inventory {
    let mut entries: Vec<InventoryEntry> = inventory::iter::<Registration>()
        .map(|registration| InventoryEntry { registration })
        .collect();
    entries.sort_by(|a, b| {
        (a.kind() == EntryKind::NamedPolicy, a.module(), a.name()).cmp(&(
            b.kind() == EntryKind::NamedPolicy,
            b.module(),
            b.name(),
        ))
    });
    Inventory { entries }
}

impl Inventory {
    /// The entries: handlers and view functions first, then named
    /// policies, each by module and name.
    pub fn entries(&self) -> &[InventoryEntry] {
        &self.entries
    }

    /// The entry named `name` (as [`InventoryEntry::name`] or
    /// [`InventoryEntry::path`] gives it), if any.
    pub fn get(&self, name: &str) -> Option<&InventoryEntry> {
        self.entries
            .iter()
            .find(|entry| entry.name() == name || entry.path() == name)
    }
}

const HEADINGS: [&str; 7] = [
    "handler",
    "policy",
    "methods",
    "credentials",
    "csrf",
    "headers",
    "origins",
];

fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

/// The cells of one row; the last (the origins, one per line) may span
/// several lines.
fn row(entry: &InventoryEntry) -> ([String; 6], Vec<String>) {
    let policy = entry.policy();
    let source = match entry.policy_origin() {
        _ if entry.kind() == EntryKind::NamedPolicy => "-".to_owned(),
        PolicyOrigin::Own => "own".to_owned(),
        PolicyOrigin::View => format!("view {}", policy.handler()),
        PolicyOrigin::Named => policy.handler().to_owned(),
    };
    let origins = if policy.allows_any_origin() {
        vec!["any".to_owned()]
    } else if policy.origin_entries().is_empty() {
        vec!["(none)".to_owned()]
    } else {
        policy
            .origin_entries()
            .iter()
            .map(|e| (*e).to_owned())
            .collect()
    };
    let headers = match policy.allowed_headers() {
        None => "any".to_owned(),
        Some([]) => "-".to_owned(),
        Some(names) => names.join(", "),
    };
    (
        [
            entry.path(),
            source,
            policy.methods().join(", "),
            yes_no(policy.credentials()).to_owned(),
            yes_no(policy.csrf()).to_owned(),
            headers,
        ],
        origins,
    )
}

fn write_table(
    f: &mut fmt::Formatter<'_>,
    first: &str,
    rows: &[([String; 6], Vec<String>)],
) -> fmt::Result {
    let mut headings: [String; 6] = std::array::from_fn(|i| HEADINGS[i].to_owned());
    headings[0] = first.to_owned();
    let mut widths = headings.clone().map(|heading| heading.chars().count());
    for (cells, _) in rows {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |f: &mut fmt::Formatter<'_>, cells: &[String; 6], last: &str| {
        let mut text = String::new();
        for (cell, width) in cells.iter().zip(widths) {
            text.push_str(&format!("{cell:<width$}  "));
        }
        text.push_str(last);
        writeln!(f, "{}", text.trim_end())
    };
    line(f, &headings, HEADINGS[6])?;
    let blank: [String; 6] = Default::default();
    for (cells, origins) in rows {
        let mut origins = origins.iter();
        line(f, cells, origins.next().map_or("", String::as_str))?;
        for origin in origins {
            line(f, &blank, origin)?;
        }
    }
    Ok(())
}

impl fmt::Display for Inventory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (named, handlers): (Vec<_>, Vec<_>) = self
            .entries
            .iter()
            .partition(|entry| entry.kind() == EntryKind::NamedPolicy);
        let plural = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        writeln!(
            f,
            "CORS map: {}, {}",
            plural(handlers.len(), "handler", "handlers"),
            plural(named.len(), "named policy", "named policies")
        )?;
        if !handlers.is_empty() {
            writeln!(f)?;
            let rows: Vec<_> = handlers.iter().copied().map(row).collect();
            write_table(f, "handler", &rows)?;
        }
        if !named.is_empty() {
            writeln!(f)?;
            let rows: Vec<_> = named.iter().copied().map(row).collect();
            write_table(f, "named policy", &rows)?;
        }
        Ok(())
    }
}
