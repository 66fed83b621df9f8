//! What a faulted run came to, and tables of many runs.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How a run ended, as a user would put it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// The journey went through without the user noticing anything.
    Recovered,
    /// A binding or payment ended `unknown`; "check again" resolved it.
    ResolvedByCheckAgain,
    /// The user saw an error (and trying again worked).
    UserVisibleError,
    /// An invariant broke: money, cards, a stuck operation or a secret.
    Violation,
}

impl Outcome {
    /// A one-letter code for matrices.
    pub fn letter(self) -> &'static str {
        match self {
            Outcome::Recovered => "R",
            Outcome::ResolvedByCheckAgain => "U",
            Outcome::UserVisibleError => "E",
            Outcome::Violation => "X",
        }
    }
}

/// What happened in one run.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    /// The plan, described.
    pub plan: String,
    /// Errors the user saw (an action failed, or a failure shown in the state).
    pub user_errors: Vec<String>,
    /// Bindings or payments that ended `unknown`.
    pub unknowns: u32,
    /// Of those, how many "check again" resolved.
    pub resolved_by_check_again: u32,
    /// Charges the sandbox made.
    pub charges: usize,
    /// Orders the wallet showed as paid.
    pub paid_orders: usize,
    /// Requests the sandbox saw.
    pub requests: usize,
    /// Broken invariants (empty when the run is sound).
    pub violations: Vec<String>,
}

impl RunReport {
    /// The run's outcome: the worst thing that happened. An unknown outcome that "check again"
    /// could not resolve (the user dismissed it and started over) is a user-visible error.
    pub fn outcome(&self) -> Outcome {
        if !self.violations.is_empty() {
            Outcome::Violation
        } else if self.unknowns > self.resolved_by_check_again {
            Outcome::UserVisibleError
        } else if self.unknowns > 0 {
            Outcome::ResolvedByCheckAgain
        } else if !self.user_errors.is_empty() {
            Outcome::UserVisibleError
        } else {
            Outcome::Recovered
        }
    }
}

/// Counts of many runs, by a row label (a fault, a restart point...).
#[derive(Debug, Default)]
pub struct Summary {
    rows: BTreeMap<String, Row>,
    order: Vec<String>,
    /// Every run's report, in order.
    pub reports: Vec<RunReport>,
}

#[derive(Debug, Default, Clone)]
struct Row {
    runs: u32,
    outcomes: BTreeMap<Outcome, u32>,
    charges: usize,
    paid: usize,
    requests: usize,
}

impl Summary {
    /// Adds a run under `row`.
    pub fn add(&mut self, row: &str, report: RunReport) {
        if !self.rows.contains_key(row) {
            self.order.push(row.to_owned());
        }
        let entry = self.rows.entry(row.to_owned()).or_default();
        entry.runs += 1;
        *entry.outcomes.entry(report.outcome()).or_default() += 1;
        entry.charges += report.charges;
        entry.paid += report.paid_orders;
        entry.requests += report.requests;
        self.reports.push(report);
    }

    /// Runs in all.
    pub fn runs(&self) -> usize {
        self.reports.len()
    }

    /// Runs with `outcome`.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.reports
            .iter()
            .filter(|r| r.outcome() == outcome)
            .count()
    }

    /// Every violation, with its run's plan.
    pub fn violations(&self) -> Vec<String> {
        self.reports
            .iter()
            .flat_map(|r| r.violations.iter().map(move |v| format!("{}: {v}", r.plan)))
            .collect()
    }

    /// A Markdown table: one row per label, one column per outcome, charges and paid orders.
    pub fn table(&self, first_column: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| {first_column} | runs | recovered automatically | unknown, resolved by check-again | user-visible error | invariant broken | paid orders | charges | requests |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        let mut total = Row::default();
        for label in &self.order {
            let row = &self.rows[label];
            let n = |o| row.outcomes.get(&o).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} | {} | {} | {} | {} | {} |",
                row.runs,
                n(Outcome::Recovered),
                n(Outcome::ResolvedByCheckAgain),
                n(Outcome::UserVisibleError),
                n(Outcome::Violation),
                row.paid,
                row.charges,
                row.requests
            );
            total.runs += row.runs;
            for (o, c) in &row.outcomes {
                *total.outcomes.entry(*o).or_default() += c;
            }
            total.charges += row.charges;
            total.paid += row.paid;
            total.requests += row.requests;
        }
        let n = |o| total.outcomes.get(&o).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "| **all** | {} | {} | {} | {} | {} | {} | {} | {} |",
            total.runs,
            n(Outcome::Recovered),
            n(Outcome::ResolvedByCheckAgain),
            n(Outcome::UserVisibleError),
            n(Outcome::Violation),
            total.paid,
            total.charges,
            total.requests
        );
        out
    }
}

/// A Markdown grid of outcome letters: `rows` × `columns`, `cell(row, column)` giving the letter
/// (or `None` for a cell not run).
pub fn grid<R: Copy, C: Copy>(
    corner: &str,
    rows: &[(R, &str)],
    columns: &[(C, &str)],
    cell: impl Fn(R, C) -> Option<Outcome>,
) -> String {
    let mut out = String::new();
    let header: Vec<&str> = columns.iter().map(|(_, name)| *name).collect();
    let _ = writeln!(out, "| {corner} | {} |", header.join(" | "));
    let _ = writeln!(out, "|---|{}", ":---:|".repeat(columns.len()));
    for (row, name) in rows {
        let cells: Vec<&str> = columns
            .iter()
            .map(|(column, _)| cell(*row, *column).map_or("·", Outcome::letter))
            .collect();
        let _ = writeln!(out, "| {name} | {} |", cells.join(" | "));
    }
    out
}
