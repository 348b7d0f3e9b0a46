//! The per-customer summary of docs/FORMULAS.md 14, by the conventions of the literature and of
//! `lifetimes`: purchases on the same day are one purchase; `frequency` = distinct purchase
//! days − 1 (repeat purchases); `recency` = time from the first to the last purchase (0 when
//! frequency is 0); `T` = time from the first purchase to the end of observation; `monetary`
//! = the mean of the repeat purchases' values (each day's purchases summed), 0 without repeat
//! purchases. Times are in the chosen unit: days, weeks (7 days) or months (365.25 / 12 days).
//!
//! Money is summed exactly, in integers of 1 / [`UNIT`] of the currency unit, so totals and
//! ties are the same in every run, chunking and engine (the caller checks that the amounts'
//! absolute sum fits an `i64`: `Summarizing` in `analysis`).
//!
//! **Refunds** (rows with a negative amount) lower the customer's total spend and that day's
//! spend, but are no purchase: a day with only refunds is no purchase day (it changes neither
//! frequency, recency, T nor the cohorts), and a refund row is not counted in `purchases`. A
//! day with a purchase and a refund is a purchase day worth their sum. A purchase of 0 (a free
//! order) is a purchase.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::data::date;
use crate::data::reader::{Fx, Rows, UNIT};

/// The time unit of recency and T.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
}

impl Unit {
    pub fn days(self) -> f64 {
        match self {
            Unit::Day => 1.0,
            Unit::Week => 7.0,
            Unit::Month => 365.25 / 12.0,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
        }
    }
    pub fn from_name(s: &str) -> Option<Self> {
        [Unit::Day, Unit::Week, Unit::Month].into_iter().find(|u| u.as_str() == s)
    }
}

/// One value per customer (in the order customers first appear in the file).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub frequency: Vec<f64>,
    pub recency: Vec<f64>,
    pub t: Vec<f64>,
    pub monetary: Vec<f64>,
    /// All the customer's purchases less refunds (`total_units` / UNIT).
    pub total: Vec<f64>,
    /// The same exactly, in 1 / UNIT of the currency unit.
    pub total_units: Vec<i64>,
    /// Purchases: distinct orders (of rows that are no refund) where an order column is
    /// mapped, else rows that are no refund.
    pub purchases: Vec<f64>,
    /// Day numbers of the first and last purchase day.
    pub first: Vec<i32>,
    pub last: Vec<i32>,
    /// The channel of the first purchase, when a channel column is mapped.
    pub channel: Vec<u32>,
    /// With a calibration split (`Summarizer::split_at`): frequency, recency and T as of the
    /// split day (NaN for customers whose first purchase is after it), and the distinct
    /// purchase days after it (the holdout frequency). Empty without a split.
    pub calibration_frequency: Vec<f64>,
    pub calibration_recency: Vec<f64>,
    pub calibration_t: Vec<f64>,
    pub holdout_frequency: Vec<f64>,
    /// The first acquisition cost given for the customer, NaN for none.
    pub acquisition_cost: Vec<f64>,
}

/// Customers by first-purchase month, and how many of them bought in each later month.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cohorts {
    /// Month numbers (year × 12 + month − 1), ascending.
    pub months: Vec<i32>,
    pub size: Vec<u32>,
    /// `active[i][k]`: customers of cohort i who bought in its k-th month (k = 0 is the first).
    pub active: Vec<Vec<u32>>,
}

/// Summarises the rows of `customers` customers, observed up to day `end` (rows after it
/// must have been removed).
pub fn summarize(rows: &Rows, customers: usize, end: i32, unit: Unit) -> (Summary, Cohorts) {
    let mut work = Summarizer::new(rows, customers, end, unit);
    while !work.step(rows, usize::MAX) {}
    work.finish()
}

/// The summary, a batch of customers at a time (`step`), so that a caller can report
/// progress, and so that a wasm engine that compiles functions in tiers gets to optimise the
/// loop after the first calls.
pub struct Summarizer {
    end: i32,
    days: f64,
    customers: usize,
    /// Rows grouped by customer: customer c's rows are order[start[c]..start[c + 1]].
    start: Vec<u32>,
    order: Vec<u32>,
    has_channel: bool,
    has_cost: bool,
    has_order: bool,
    summary: Summary,
    min_day: i32,
    /// Month numbers by day from `min_day` (calendar arithmetic once per day, not per row).
    month_table: Vec<i32>,
    first_month: i32,
    months: usize,
    /// Cohort counts: a dense grid (first month × months since) for any sensible span of
    /// months; the sparse map beyond.
    grid: Vec<u32>,
    sparse: HashMap<(i32, i32), u32, BuildHasherDefault<Fx>>,
    scratch: Vec<u32>,
    next: usize,
    split: Option<i32>,
}

impl Summarizer {
    pub fn new(rows: &Rows, customers: usize, end: i32, unit: Unit) -> Self {
        let n = rows.customer.len();
        // A counting sort by customer (stable: file order within a customer).
        let mut start = vec![0u32; customers + 1];
        for &c in &rows.customer {
            start[c as usize + 1] += 1;
        }
        for i in 0..customers {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut order = vec![0u32; n];
        for (i, &c) in rows.customer.iter().enumerate() {
            order[next[c as usize] as usize] = i as u32;
            next[c as usize] += 1;
        }
        let (has_channel, has_cost, has_order) =
            (rows.channel.len() == n, rows.acquisition_cost.len() == n, rows.order.len() == n);
        fn with<T>(keep: bool, customers: usize) -> Vec<T> {
            Vec::with_capacity(if keep { customers } else { 0 })
        }
        let summary = Summary {
            frequency: with(true, customers),
            recency: with(true, customers),
            t: with(true, customers),
            monetary: with(true, customers),
            total: with(true, customers),
            total_units: with(true, customers),
            purchases: with(true, customers),
            first: with(true, customers),
            last: with(true, customers),
            channel: with(has_channel, customers),
            acquisition_cost: with(has_cost, customers),
            calibration_frequency: Vec::new(),
            calibration_recency: Vec::new(),
            calibration_t: Vec::new(),
            holdout_frequency: Vec::new(),
        };
        let min_day = rows.day.iter().copied().min().unwrap_or(0);
        let max_day = rows.day.iter().copied().max().unwrap_or(0).max(end);
        let span = (max_day - min_day) as usize + 1;
        let month_table: Vec<i32> =
            if span <= 200_000 { (0..span).map(|d| date::month_of(min_day + d as i32)).collect() } else { Vec::new() };
        let mut work = Summarizer {
            end,
            days: unit.days(),
            customers,
            start,
            order,
            has_channel,
            has_cost,
            has_order,
            summary,
            min_day,
            month_table,
            first_month: 0,
            months: 0,
            grid: Vec::new(),
            sparse: HashMap::default(),
            scratch: Vec::new(),
            next: 0,
            split: None,
        };
        work.first_month = work.month_of(min_day);
        work.months = (work.month_of(max_day) - work.first_month + 1) as usize;
        if work.months <= 1200 {
            work.grid = vec![0; work.months * work.months];
        }
        work
    }

    /// Also summarises each customer as of `day` and counts their purchase days after it
    /// (for a calibration/holdout check of the models).
    pub fn split_at(mut self, day: Option<i32>) -> Self {
        self.split = day;
        if day.is_some() {
            let s = &mut self.summary;
            for v in [
                &mut s.calibration_frequency,
                &mut s.calibration_recency,
                &mut s.calibration_t,
                &mut s.holdout_frequency,
            ] {
                v.reserve_exact(self.customers);
            }
        }
        self
    }

    fn month_of(&self, d: i32) -> i32 {
        self.month_table.get((d - self.min_day) as usize).copied().unwrap_or_else(|| date::month_of(d))
    }

    fn count(&mut self, cohort: i32, offset: i32) {
        if self.grid.is_empty() {
            *self.sparse.entry((cohort, offset)).or_insert(0) += 1;
        } else {
            self.grid[(cohort - self.first_month) as usize * self.months + offset as usize] += 1;
        }
    }

    fn counted(&self, cohort: i32, offset: i32) -> u32 {
        if self.grid.is_empty() {
            self.sparse.get(&(cohort, offset)).copied().unwrap_or(0)
        } else {
            self.grid[(cohort - self.first_month) as usize * self.months + offset as usize]
        }
    }

    /// (customers summarised, all customers).
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.customers)
    }

    /// Summarises up to `max` more customers; true when every customer is done.
    pub fn step(&mut self, rows: &Rows, max: usize) -> bool {
        let until = self.customers.min(self.next.saturating_add(max));
        for c in self.next..until {
            let (from, to) = (self.start[c] as usize, self.start[c + 1] as usize);
            let mut idx = std::mem::take(&mut self.order);
            let ids = &mut idx[from..to];
            // Exports are usually sorted by date already; then the file order is the day order.
            if !ids.windows(2).all(|w| rows.day[w[0] as usize] <= rows.day[w[1] as usize]) {
                ids.sort_unstable_by_key(|&i| (rows.day[i as usize], i));
            }
            self.customer(rows, ids);
            self.order = idx;
        }
        self.next = until;
        self.next == self.customers
    }

    fn customer(&mut self, rows: &Rows, idx: &[u32]) {
        let split = self.split.unwrap_or(i32::MAX);
        let (mut total, mut repeat_sum) = (0i64, 0i64);
        let (mut distinct, mut before_split, mut bought_rows) = (0u32, 0u32, 0usize);
        let (mut first, mut last, mut last_before_split) = (None::<i32>, i32::MIN, i32::MIN);
        let (mut first_row, mut cohort, mut months_seen) = (idx[0] as usize, 0, i32::MIN);
        let mut k = 0;
        // A day at a time (the rows are in day order): its net value, and whether anything was
        // bought (a refund alone makes no purchase day).
        while k < idx.len() {
            let d = rows.day[idx[k] as usize];
            let (mut net, mut bought) = (0i64, false);
            while k < idx.len() && rows.day[idx[k] as usize] == d {
                let i = idx[k] as usize;
                let a = rows.amount[i];
                net += a;
                if a >= 0 {
                    if !bought && first.is_none() {
                        first_row = i;
                    }
                    bought = true;
                    bought_rows += 1;
                }
                k += 1;
            }
            total += net;
            if !bought {
                continue;
            }
            distinct += 1;
            match first {
                None => {
                    first = Some(d);
                    cohort = self.month_of(d);
                }
                Some(_) => repeat_sum += net,
            }
            last = d;
            if d <= split {
                before_split += 1;
                last_before_split = d;
            }
            let m = self.month_of(d);
            if m != months_seen {
                months_seen = m;
                self.count(cohort, m - cohort);
            }
        }
        // A customer with refunds only (the analysis removes them first): the first row's day.
        let first = first.unwrap_or_else(|| {
            let d = rows.day[idx[0] as usize];
            (distinct, last, last_before_split) = (1, d, d);
            before_split = (d <= split) as u32;
            d
        });
        if last_before_split == i32::MIN {
            last_before_split = first;
        }
        let frequency = (distinct - 1) as f64;
        let purchases = if self.has_order {
            self.scratch.clear();
            self.scratch.extend(idx.iter().filter(|&&i| rows.amount[i as usize] >= 0).map(|&i| rows.order[i as usize]));
            self.scratch.sort_unstable();
            self.scratch.dedup();
            self.scratch.len()
        } else {
            bought_rows
        };
        let s = &mut self.summary;
        s.frequency.push(frequency);
        s.recency.push((last - first) as f64 / self.days);
        s.t.push((self.end - first) as f64 / self.days);
        s.monetary.push(if distinct > 1 { repeat_sum as f64 / (UNIT as f64 * frequency) } else { 0.0 });
        s.total.push(total as f64 / UNIT as f64);
        s.total_units.push(total);
        s.purchases.push(purchases as f64);
        s.first.push(first);
        s.last.push(last);
        if self.has_channel {
            s.channel.push(rows.channel[first_row]);
        }
        if let Some(split) = self.split {
            let (f, r, t, h) = if first > split {
                (f64::NAN, f64::NAN, f64::NAN, f64::NAN)
            } else {
                let f = (before_split - 1) as f64;
                let r = (last_before_split - first) as f64 / self.days;
                (f, r, (split - first) as f64 / self.days, (distinct - before_split) as f64)
            };
            s.calibration_frequency.push(f);
            s.calibration_recency.push(r);
            s.calibration_t.push(t);
            s.holdout_frequency.push(h);
        }
        if self.has_cost {
            let cost = idx.iter().map(|&i| rows.acquisition_cost[i as usize]).find(|v| !v.is_nan());
            s.acquisition_cost.push(cost.unwrap_or(f64::NAN));
        }
    }

    /// The summary and the cohorts (call after `step` returned true).
    pub fn finish(self) -> (Summary, Cohorts) {
        let end_month = self.month_of(self.end);
        let months: Vec<i32> = (self.first_month..=end_month).filter(|&m| self.counted(m, 0) > 0).collect();
        let active: Vec<Vec<u32>> =
            months.iter().map(|&m| (0..=(end_month - m)).map(|k| self.counted(m, k)).collect()).collect();
        let size = active.iter().map(|a| a[0]).collect();
        (self.summary, Cohorts { months, size, active })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::date::days_from_civil;

    #[test]
    fn summary_by_the_conventions_of_formulas_14() {
        let d = |m, day| days_from_civil(2024, m, day);
        // Customer 0: two purchases on Jan 1 (one purchase day), then Jan 15 and Feb 12.
        // Customer 1: one purchase. Customer 2: one day, two rows.
        let rows = Rows {
            customer: vec![0, 1, 0, 0, 2, 0, 2],
            day: vec![d(1, 1), d(1, 5), d(1, 15), d(1, 1), d(2, 1), d(2, 12), d(2, 1)],
            amount: [10, 7, 30, 5, 1, 50, 2].map(|a| a * UNIT).to_vec(),
            ..Default::default()
        };
        let end = d(3, 31);
        let (s, c) = summarize(&rows, 3, end, Unit::Day);
        assert_eq!(s.frequency, vec![2.0, 0.0, 0.0]);
        assert_eq!(s.recency, vec![42.0, 0.0, 0.0]); // Jan 1 -> Feb 12
        assert_eq!(s.t, vec![90.0, 86.0, 59.0]);
        assert_eq!(s.monetary, vec![40.0, 0.0, 0.0]); // (30 + 50) / 2; the first day is not a repeat
        assert_eq!(s.total, vec![95.0, 7.0, 3.0]);
        assert_eq!(s.purchases, vec![4.0, 1.0, 2.0]);
        let (w, _) = summarize(&rows, 3, end, Unit::Week);
        assert_eq!(w.recency[0], 6.0);
        assert_eq!(w.t[0], 90.0 / 7.0);
        // Cohorts: January (customers 0 and 1), February (customer 2); months to March.
        assert_eq!(c.months, vec![2024 * 12, 2024 * 12 + 1]);
        assert_eq!(c.size, vec![2, 1]);
        assert_eq!(c.active, vec![vec![2, 1, 0], vec![1, 0]]);
    }

    #[test]
    fn refunds_lower_the_spend_but_are_no_purchase() {
        let d = |m, day| days_from_civil(2024, m, day);
        // Customer 0: buys 100 on Jan 1, 40 on Jan 10 with a 10 refund that day, a refund of
        // 25 alone on Feb 1 (no purchase day), 60 on Mar 1. Customer 1: a refund before the
        // first purchase, then one purchase.
        let rows = Rows {
            customer: vec![0, 0, 0, 0, 0, 1, 1],
            day: vec![d(1, 1), d(1, 10), d(1, 10), d(2, 1), d(3, 1), d(1, 2), d(1, 20)],
            amount: [100, 40, -10, -25, 60, -5, 30].map(|a| a * UNIT).to_vec(),
            ..Default::default()
        };
        let (s, c) = summarize(&rows, 2, d(3, 31), Unit::Day);
        assert_eq!(s.frequency, vec![2.0, 0.0]);
        assert_eq!(s.recency, vec![60.0, 0.0]); // Jan 1 -> Mar 1; the refund day is no purchase
        assert_eq!(s.t, vec![90.0, 71.0]); // customer 1 from the purchase on Jan 20
        assert_eq!(s.monetary, vec![45.0, 0.0]); // ((40 - 10) + 60) / 2
        assert_eq!(s.total, vec![165.0, 25.0]);
        assert_eq!(s.total_units, vec![165 * UNIT, 25 * UNIT]);
        assert_eq!(s.purchases, vec![3.0, 1.0]); // refund rows are no purchases
        assert_eq!(s.first, vec![d(1, 1), d(1, 20)]);
        // Cohorts count purchase months only: customer 0 in January and March, not February.
        assert_eq!(c.active, vec![vec![2, 0, 1]]);
    }
}
