//! The check a server runs before it starts: every `env(...)` origin entry
//! of the program read now, and every problem reported together, so `main`
//! can refuse to start rather than run with policies that fail closed.

use std::fmt;

use cors_rules::Problem;

use crate::policy::Policy;

/// A registration of a policy with `env(...)` entries, made by the
/// attribute so [`check_environment`] can find every one of them.
#[doc(hidden)]
#[derive(Debug)]
pub struct EnvPolicy(pub &'static Policy);

inventory::collect!(EnvPolicy);

/// One problem of one `env(...)` entry.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub struct EnvProblem {
    /// The handler (or named policy) whose entry it is.
    pub handler: &'static str,
    /// The environment variable.
    pub var: &'static str,
    /// What is wrong, in the words of the compile-time check.
    pub problem: Problem,
}

/// Every problem found by [`check_environment`].
#[non_exhaustive]
#[derive(Debug, Clone)]
pub struct EnvReport {
    /// The problems, by handler then variable.
    pub problems: Vec<EnvProblem>,
}

impl fmt::Display for EnvReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} problem(s) in CORS origins read from the environment; the affected policies allow no origin:",
            self.problems.len()
        )?;
        for entry in &self.problems {
            let help = entry.problem.help();
            writeln!(
                f,
                "- {} (handler `{}`): {}\n  help: {help}",
                entry.var,
                entry.handler,
                entry.problem.message()
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for EnvReport {}

/// Reads every `env(...)` origin entry of the program now and reports every
/// problem, so a server can refuse to start rather than run with policies
/// that fail closed.
///
/// ```no_run
/// if let Err(report) = cors_runtime::startup::check_environment() {
///     eprintln!("{report}");
///     std::process::exit(1);
/// }
/// // ... build the router and serve
/// ```
pub fn check_environment() -> Result<(), EnvReport> {
    let mut problems = Vec::new();
    let mut policies: Vec<&'static Policy> = inventory::iter::<EnvPolicy>().map(|p| p.0).collect();
    policies.sort_by_key(|policy| policy.handler());
    policies.dedup_by_key(|policy| *policy as *const Policy);
    for policy in policies {
        problems.extend(policy.env_problems());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(EnvReport { problems })
    }
}

impl Policy {
    /// Every problem in this policy's `env(...)` entries (reading the
    /// variables if that has not happened yet).
    #[doc(hidden)]
    pub fn env_problems(&self) -> Vec<EnvProblem> {
        self.origins
            .env_entries()
            .iter()
            .flat_map(|entry| {
                entry.problems().iter().map(|problem| EnvProblem {
                    handler: self.handler,
                    var: entry.var(),
                    problem: problem.clone(),
                })
            })
            .collect()
    }
}
