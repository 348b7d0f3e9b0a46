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

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use crate::data::date;
use crate::data::part::{In, Out};
use crate::data::reader::{inline, Encoding, Fx, Interner, Mapping, Merge, Row, Sink, UNIT};

/// The time unit of recency and T.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Days.
    Day,
    /// Weeks of 7 days.
    Week,
    /// Months of 365.25 / 12 days.
    Month,
}

impl Unit {
    /// The unit's length in days.
    pub fn days(self) -> f64 {
        match self {
            Unit::Day => 1.0,
            Unit::Week => 7.0,
            Unit::Month => 365.25 / 12.0,
        }
    }
    /// `day`, `week` or `month`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
        }
    }
    /// The unit named `day`, `week` or `month`.
    pub fn from_name(s: &str) -> Option<Self> {
        [Unit::Day, Unit::Week, Unit::Month].into_iter().find(|u| u.as_str() == s)
    }
}

/// One value per customer (in the order customers first appear in the file).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Repeat purchases: distinct purchase days − 1.
    pub frequency: Vec<f64>,
    /// First to last purchase day, in the unit.
    pub recency: Vec<f64>,
    /// First purchase day to the end of observation, in the unit.
    pub t: Vec<f64>,
    /// Mean net value of the repeat purchase days (0 without repeat purchases).
    pub monetary: Vec<f64>,
    /// All the customer's purchases less refunds (`total_units` / UNIT).
    pub total: Vec<f64>,
    /// The same exactly, in 1 / UNIT of the currency unit.
    pub total_units: Vec<i64>,
    /// Purchases: distinct orders (of rows that are no refund) where an order column is
    /// mapped, else rows that are no refund.
    pub purchases: Vec<f64>,
    /// Day number of the first purchase day.
    pub first: Vec<i32>,
    /// Day number of the last purchase day.
    pub last: Vec<i32>,
    /// The channel of the first purchase, when a channel column is mapped.
    pub channel: Vec<u32>,
    /// With a calibration split (`AggregateOptions::split`): frequency, recency and T as of the
    /// split day (NaN for customers whose first purchase is after it), and the distinct
    /// purchase days after it (the holdout frequency). Empty without a split.
    pub calibration_frequency: Vec<f64>,
    /// Recency as of the split day (see `calibration_frequency`).
    pub calibration_recency: Vec<f64>,
    /// T as of the split day (see `calibration_frequency`).
    pub calibration_t: Vec<f64>,
    /// Distinct purchase days after the split day (see `calibration_frequency`).
    pub holdout_frequency: Vec<f64>,
    /// The first acquisition cost given for the customer, NaN for none.
    pub acquisition_cost: Vec<f64>,
}

/// Customers by first-purchase month, and how many of them bought in each later month.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cohorts {
    /// Month numbers (year × 12 + month − 1), ascending.
    pub months: Vec<i32>,
    /// Customers per cohort.
    pub size: Vec<u32>,
    /// `active[i][k]`: customers of cohort i who bought in its k-th month (k = 0 is the first).
    pub active: Vec<Vec<u32>>,
}

/// What the aggregation needs to know before the first row: which rows count, and the
/// calibration split.
#[derive(Debug, Clone, Copy, Default)]
pub struct AggregateOptions {
    /// Rows after this day are excluded (counted under `after_end`); None: the last day in
    /// the data is the end, and no row is after it.
    pub observation_end: Option<i32>,
    /// Refund rows are left out (counted under `refund`) instead of netted.
    pub exclude_refunds: bool,
    /// The calibration split day (`Summary::calibration_frequency` and the others).
    pub split: Option<i32>,
    /// Keep each customer's purchase days (4 bytes and a link per distinct customer-day), so
    /// that a row older than the customer's latest row is still summarised exactly. Without
    /// it the state is per customer only, and such a row makes the aggregate `unordered`
    /// (the caller reads the file again with the days kept).
    pub keep_days: bool,
}

/// No day yet.
const NONE: i32 = i32::MIN;

/// Rows taken in together (`Aggregate::flush`).
const BATCH: usize = 32;

/// A kept row waiting in `Aggregate::waiting`: its customer's id inline ([`inline`]), its
/// channel's and order's numbers.
#[derive(Clone, Copy)]
struct Waiting {
    key: u128,
    day: i32,
    amount: i64,
    channel: u32,
    cost: Option<f64>,
    order: Option<u32>,
}

/// A customer's state while the file is read: everything the summary needs, none of the rows.
/// While a customer's rows come in day order (exports sorted by date, or by customer and
/// date) only the latest day is open; the days before it are folded into the sums.
#[derive(Clone)]
struct Customer {
    /// All kept rows' amounts (purchases less refunds).
    total: i64,
    /// The nets of the purchase days (a day's purchases and refunds), all of them.
    purchase_sum: i64,
    /// The net of the first purchase day (not a repeat purchase).
    first_net: i64,
    /// The refunds on the open day while it has no purchase.
    open_net: i64,
    /// Rows that are no refund, or distinct orders of them.
    purchases: u64,
    /// Refund rows before the first purchase (all of the customer's rows when there is none).
    before: u64,
    /// First and last purchase day (NONE before the first purchase).
    first: i32,
    last: i32,
    /// The latest day of any row (the open day while in day order); the earliest.
    open: i32,
    min_day: i32,
    /// Month of the first purchase, and of the latest purchase counted in the cohorts.
    cohort: i32,
    month: i32,
    distinct: u32,
    /// Head of the customer's purchase-day list in `Aggregate::log` (u32::MAX: none).
    log: u32,
    open_bought: bool,
    /// The rows came out of day order: the days are in `Aggregate::exact`.
    exact: bool,
}

impl Customer {
    const NEW: Customer = Customer {
        total: 0,
        purchase_sum: 0,
        first_net: 0,
        open_net: 0,
        purchases: 0,
        before: 0,
        first: NONE,
        last: NONE,
        open: NONE,
        min_day: i32::MAX,
        cohort: 0,
        month: NONE,
        distinct: 0,
        log: u32::MAX,
        open_bought: false,
        exact: false,
    };
    fn bought(&self) -> bool {
        self.first != NONE
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

fn key(c: usize, day: i32) -> u64 {
    ((c as u64) << 32) | day as u32 as u64
}

/// The per-customer aggregate of a transaction file, built row by row as the reader parses
/// it ([`Sink`]): per customer a fixed-size state, per cohort cell a count, per channel a
/// name; with an order column, the distinct (customer, order) pairs; with `keep_days`, each
/// customer's distinct purchase days. [`Aggregate::check`] checks what the whole file must
/// satisfy, and [`Aggregate::summarizing`] turns it into the summary of docs/FORMULAS.md 14, a
/// batch at a time ([`Summarizer`]).
pub struct Aggregate {
    options: AggregateOptions,
    has_channel: bool,
    has_cost: bool,
    has_order: bool,
    /// Customer ids by first appearance among the kept rows.
    customers: Interner,
    /// Channel names of every good row (also those excluded), by first appearance.
    channels: Interner,
    orders: Interner,
    order_seen: HashSet<u64, BuildHasherDefault<Fx>>,
    state: Vec<Customer>,
    /// Per customer, when mapped: the channel of the first purchase; the first acquisition
    /// cost given, with its day (i32::MAX: none).
    channel: Vec<u32>,
    cost: Vec<(i32, f64)>,
    /// Per customer with a split: purchase days up to it, the last of them.
    calibration: Vec<(u32, i32)>,
    /// (first-purchase month, months since) -> customers who bought then.
    cohorts: FxMap<u64, i64>,
    /// Purchase days, linked per customer (with `keep_days`), and each one's customer.
    log: Vec<(i32, u32)>,
    log_owner: Vec<u32>,
    /// Customers whose rows came out of day order: their purchase days, ascending.
    exact: FxMap<u32, Vec<i32>>,
    /// Refund-only days that may still get a purchase: (customer, day) -> their net.
    pending: FxMap<u64, i64>,
    /// The month last looked up: its first day, the next month's first day, the month.
    month_cache: (i32, i32, i32),
    /// Good rows given; excluded after the end; excluded refunds; kept.
    good: u64,
    after_end: u64,
    refunds: u64,
    kept: u64,
    /// The last day of any good row.
    max_day: i32,
    /// Sum of the kept rows' absolute amounts.
    absolute: i128,
    /// A customer id of an excluded row is not valid UTF-8.
    excluded_not_utf8: bool,
    /// A row older than its customer's latest came without `keep_days`: the aggregate is not
    /// exact; read again with `keep_days`.
    unordered: bool,
    /// Kept rows not yet taken in (at most `BATCH`; none after a `flush`).
    waiting: Vec<Waiting>,
}

impl Aggregate {
    /// An empty aggregate for files with this column mapping.
    pub fn new(mapping: &Mapping, options: AggregateOptions) -> Self {
        Aggregate {
            options,
            has_channel: mapping.channel.is_some(),
            has_cost: mapping.acquisition_cost.is_some(),
            has_order: mapping.order.is_some(),
            customers: Interner::default(),
            channels: Interner::default(),
            orders: Interner::default(),
            order_seen: HashSet::default(),
            state: Vec::new(),
            channel: Vec::new(),
            cost: Vec::new(),
            calibration: Vec::new(),
            cohorts: FxMap::default(),
            log: Vec::new(),
            log_owner: Vec::new(),
            exact: FxMap::default(),
            pending: FxMap::default(),
            month_cache: (0, 0, 0),
            good: 0,
            after_end: 0,
            refunds: 0,
            kept: 0,
            max_day: NONE,
            absolute: 0,
            excluded_not_utf8: false,
            unordered: false,
            waiting: Vec::with_capacity(BATCH),
        }
    }

    /// True when a customer's row came after a later one of theirs without `keep_days`: the
    /// aggregate is then not exact, and the file must be read again with `keep_days`.
    pub fn unordered(&self) -> bool {
        self.unordered
    }

    /// Customers seen so far (with a kept row).
    pub fn customers_seen(&self) -> usize {
        self.state.len()
    }

    /// The month of `day` (year × 12 + month − 1), remembered for the days of that month.
    fn month(&mut self, day: i32) -> i32 {
        let (start, end, month) = self.month_cache;
        if start <= day && day < end {
            return month;
        }
        self.month_cache = date::month_span(day);
        self.month_cache.2
    }

    fn count(&mut self, cohort: i32, month: i32, by: i64) {
        *self.cohorts.entry(((cohort as u32 as u64) << 32) | (month - cohort) as u32 as u64).or_insert(0) += by;
    }

    fn excluded(&mut self, customer: &[u8]) {
        if !self.excluded_not_utf8 && !customer.is_ascii() && std::str::from_utf8(customer).is_err() {
            self.excluded_not_utf8 = true;
        }
    }

    /// The customer's rows came out of day order: from now on their purchase days are kept
    /// in a sorted list, and their cohort months are counted at the end.
    fn to_exact(&mut self, c: usize) {
        let mut days = Vec::with_capacity(self.state[c].distinct as usize);
        let mut at = self.state[c].log;
        while at != u32::MAX {
            let (d, next) = self.log[at as usize];
            days.push(d);
            at = next;
        }
        days.reverse();
        let s = self.state[c].clone();
        if s.bought() {
            let mut counted = NONE;
            for &d in &days {
                let m = self.month(d);
                if m != counted {
                    counted = m;
                    self.count(s.cohort, m, -1);
                }
            }
        }
        if s.open != NONE && !s.open_bought {
            *self.pending.entry(key(c, s.open)).or_insert(0) += s.open_net;
        }
        let s = &mut self.state[c];
        (s.exact, s.open_net, s.log) = (true, 0, u32::MAX);
        self.exact.insert(c as u32, days);
    }

    fn purchase_row(&mut self, c: usize, order: Option<u32>) {
        let add = match order {
            Some(o) => self.order_seen.insert(key(c, o as i32)) as u64,
            None => 1,
        };
        self.state[c].purchases += add;
    }

    fn exact_row(&mut self, c: usize, day: i32, amount: i64, channel: u32) {
        let days = self.exact.get_mut(&(c as u32)).expect("an exact customer has its days");
        let s = &mut self.state[c];
        s.open = s.open.max(day);
        match days.binary_search(&day) {
            Ok(_) => {
                s.purchase_sum += amount;
                if day == s.first {
                    s.first_net += amount;
                }
            }
            Err(_) if amount < 0 => *self.pending.entry(key(c, day)).or_insert(0) += amount,
            Err(i) => {
                let net = self.pending.remove(&key(c, day)).unwrap_or(0) + amount;
                days.insert(i, day);
                s.distinct += 1;
                s.purchase_sum += net;
                s.last = s.last.max(day);
                if !s.bought() || day < s.first {
                    (s.first, s.first_net) = (day, net);
                    if self.has_channel {
                        self.channel[c] = channel;
                    }
                }
            }
        }
    }
}

impl Aggregate {
    /// A kept row of customer `c` (numbered already).
    fn kept_row(&mut self, c: usize, w: &Waiting) {
        let (day, amount) = (w.day, w.amount);
        if c == self.state.len() {
            self.state.push(Customer::NEW);
            if self.has_channel {
                self.channel.push(0);
            }
            if self.has_cost {
                self.cost.push((i32::MAX, f64::NAN));
            }
            if self.options.split.is_some() {
                self.calibration.push((0, NONE));
            }
        }
        {
            let s = &mut self.state[c];
            s.total += amount;
            s.min_day = s.min_day.min(day);
            if s.first == NONE && amount < 0 {
                s.before += 1;
            }
        }
        if let Some(cost) = w.cost {
            let slot = &mut self.cost[c];
            if !cost.is_nan() && day < slot.0 {
                *slot = (day, cost);
            }
        }
        if amount >= 0 {
            self.purchase_row(c, w.order);
        }
        if self.state[c].exact {
            return self.exact_row(c, day, amount, w.channel);
        }
        let open = self.state[c].open;
        if day < open {
            if !self.options.keep_days {
                self.unordered = true;
                return;
            }
            self.to_exact(c);
            return self.exact_row(c, day, amount, w.channel);
        }
        if day > open {
            let s = &mut self.state[c];
            if open != NONE && !s.open_bought && self.options.keep_days {
                *self.pending.entry(key(c, open)).or_insert(0) += s.open_net;
            }
            (s.open, s.open_bought, s.open_net) = (day, false, 0);
        }
        let s = &mut self.state[c];
        if s.open_bought {
            s.purchase_sum += amount;
            if day == s.first {
                s.first_net += amount;
            }
            return;
        }
        if amount < 0 {
            s.open_net += amount;
            return;
        }
        // A new purchase day (the latest so far).
        let net = std::mem::take(&mut s.open_net) + amount;
        s.open_bought = true;
        s.purchase_sum += net;
        s.distinct += 1;
        s.last = day;
        let first = !s.bought();
        if first {
            (s.first, s.first_net) = (day, net);
        }
        let m = self.month(day);
        let s = &mut self.state[c];
        if first {
            (s.cohort, s.month) = (m, m);
            if self.has_channel {
                self.channel[c] = w.channel;
            }
            self.count(m, m, 1);
        } else if m != s.month {
            s.month = m;
            let cohort = s.cohort;
            self.count(cohort, m, 1);
        }
        if let Some(split) = self.options.split {
            if day <= split {
                let k = &mut self.calibration[c];
                (k.0, k.1) = (k.0 + 1, day);
            }
        }
        if self.options.keep_days {
            self.log.push((day, self.state[c].log));
            self.log_owner.push(c as u32);
            self.state[c].log = (self.log.len() - 1) as u32;
        }
    }
}

impl Sink for Aggregate {
    fn row(&mut self, r: &Row) {
        self.good += 1;
        self.max_day = self.max_day.max(r.day);
        let channel = match r.channel {
            Some(name) => self.channels.id(name),
            None => 0,
        };
        if self.options.observation_end.is_some_and(|end| r.day > end) {
            self.after_end += 1;
            return self.excluded(r.customer);
        }
        if r.amount < 0 && self.options.exclude_refunds {
            self.refunds += 1;
            return self.excluded(r.customer);
        }
        self.kept += 1;
        self.absolute += (r.amount as i128).abs();
        let order = match r.order {
            Some(o) if self.has_order && r.amount >= 0 => Some(self.orders.id(o)),
            _ => None,
        };
        let w = Waiting { key: 0, day: r.day, amount: r.amount, channel, cost: r.acquisition_cost, order };
        match inline(r.customer) {
            Some(key) => {
                self.waiting.push(Waiting { key, ..w });
                if self.waiting.len() == BATCH {
                    self.flush();
                }
            }
            None => {
                // A long id: the rows before it first, so that ids keep their order.
                self.flush();
                let c = self.customers.id(r.customer) as usize;
                self.kept_row(c, &w);
            }
        }
    }

    /// The rows waiting, in order: first every customer's number (independent hash lookups,
    /// whose cache misses the processor overlaps), then a read of each one's state (the same
    /// for its misses), then each row as `kept_row`. Looked up one row at a time, the misses
    /// came one after the other (docs/design-notes.md, "Rows in batches of 32").
    fn flush(&mut self) {
        if self.waiting.is_empty() {
            return;
        }
        let waiting = std::mem::take(&mut self.waiting);
        // The ids' table lines asked for first, all at once (independent loads), then the lookups.
        let mut touched = 0;
        for w in &waiting {
            touched ^= self.customers.touch_inline(w.key);
        }
        std::hint::black_box(touched);
        let mut ids = [0u32; BATCH];
        for (w, id) in waiting.iter().zip(&mut ids) {
            *id = self.customers.id_inline(w.key);
        }
        let mut touched = 0;
        for &c in &ids[..waiting.len()] {
            if let Some(s) = self.state.get(c as usize) {
                touched ^= s.open;
            }
        }
        std::hint::black_box(touched);
        for (w, &c) in waiting.iter().zip(&ids) {
            self.kept_row(c as usize, w);
        }
        self.waiting = waiting;
        self.waiting.clear();
    }

    fn all_utf8(&self) -> bool {
        !self.excluded_not_utf8 && self.customers.all_utf8() && self.channels.all_utf8()
    }
}

/// Flags of a customer in a part: the open day has a purchase; the days are kept exactly.
const OPEN_BOUGHT: u64 = 1;
const EXACT: u64 = 2;

/// A customer of a part, as read from its bytes.
struct PartCustomer {
    s: Customer,
    channel: u32,
    cost: (i32, f64),
    calibration: (u32, i32),
    /// Purchase days, ascending; refund-only days with their net (the open one included).
    days: Vec<i32>,
    refund_days: Vec<(i32, i64)>,
    orders: Vec<u32>,
}

/// A part's customers being written: their ids, and their days, refund days and orders
/// grouped by customer (prepared in the first three steps); the next to write.
pub struct Writing {
    /// The customers' ids until the first step lists them in order.
    interner: Option<Interner>,
    count: usize,
    /// Steps of the preparation done (3: all).
    prepared: u8,
    names: Vec<Box<[u8]>>,
    logged: Vec<i32>,
    d_at: Vec<u32>,
    pending: Vec<(i32, i64)>,
    p_at: Vec<u32>,
    orders: Vec<(i32, i64)>,
    o_at: Vec<u32>,
    next: usize,
}

/// A part's customers being merged: its channels' and orders' numbers here, customers left.
pub struct Merging {
    channels: Vec<u32>,
    orders: Vec<u32>,
    left: u64,
    total: u64,
}

impl Merge for Aggregate {
    type Writing = Writing;
    type Merging = Merging;

    /// Needs `keep_days` (the days at the seam decide the distinct purchase days).
    fn begin_write(&mut self, out: &mut Out) -> Writing {
        out.u(self.options.keep_days as u64);
        for n in [self.good, self.after_end, self.refunds, self.kept] {
            out.u(n);
        }
        out.i(self.max_day as i64);
        out.i((self.absolute >> 64) as i64);
        out.u(self.absolute as u64);
        out.u(self.excluded_not_utf8 as u64 | (self.unordered as u64) << 1);
        for names in [std::mem::take(&mut self.channels).keys(), std::mem::take(&mut self.orders).keys()] {
            out.u(names.len() as u64);
            for name in &names {
                out.bytes(name);
            }
        }
        out.u(self.cohorts.len() as u64);
        for (&k, &n) in &self.cohorts {
            out.u(k);
            out.i(n);
        }
        let interner = std::mem::take(&mut self.customers);
        let count = interner.len();
        out.u(count as u64);
        Writing {
            interner: Some(interner),
            count,
            prepared: 0,
            names: Vec::new(),
            logged: Vec::new(),
            d_at: Vec::new(),
            pending: Vec::new(),
            p_at: Vec::new(),
            orders: Vec::new(),
            o_at: Vec::new(),
            next: 0,
        }
    }

    fn write_some(&mut self, w: &mut Writing, out: &mut Out, max: usize) -> bool {
        // The preparation, a step a call (each a pass over all customers or all rows, a tenth
        // of a second in the wasm on a large file): the ids in order; the refund-only days and
        // orders by customer (their keys begin with the customer); the logged days by customer.
        match w.prepared {
            0 => w.names = w.interner.take().map(Interner::keys).unwrap_or_default(),
            1 => {
                (w.p_at, w.pending) = by_customer(w.count, self.pending.iter().map(|(&k, &n)| (k, n)).collect());
                (w.o_at, w.orders) = by_customer(w.count, self.order_seen.iter().map(|&k| (k, 0)).collect());
            }
            2 => (w.d_at, w.logged) = self.logged_days(w.count),
            _ => {}
        }
        if w.prepared < 3 {
            w.prepared += 1;
            return false;
        }
        let end = w.next.saturating_add(max).min(w.names.len());
        for c in w.next..end {
            let logged = &w.logged[w.d_at[c] as usize..w.d_at[c + 1] as usize];
            let refunds = &w.pending[w.p_at[c] as usize..w.p_at[c + 1] as usize];
            let ids = &w.orders[w.o_at[c] as usize..w.o_at[c + 1] as usize];
            self.write_customer(out, c, &w.names[c], logged, refunds, ids);
        }
        w.next = end;
        end == w.names.len()
    }

    fn written(w: &Writing) -> (u64, u64) {
        (w.next as u64, w.count as u64)
    }

    fn begin_merge(&mut self, p: &mut In) -> Option<Merging> {
        if p.u()? != 1 || !self.options.keep_days {
            return None;
        }
        self.good += p.u()?;
        self.after_end += p.u()?;
        self.refunds += p.u()?;
        self.kept += p.u()?;
        self.max_day = self.max_day.max(p.i32()?);
        let high = p.i()? as i128;
        self.absolute += high << 64 | p.u()? as i128;
        let flags = p.u()?;
        self.excluded_not_utf8 |= flags & 1 != 0;
        self.unordered |= flags & 2 != 0;
        let mut maps = [Vec::new(), Vec::new()];
        for (map, names) in maps.iter_mut().zip([&mut self.channels, &mut self.orders]) {
            let n = p.u()?;
            for _ in 0..n {
                map.push(names.id(p.bytes()?));
            }
        }
        let [channels, orders] = maps;
        for _ in 0..p.u()? {
            let k = p.u()?;
            *self.cohorts.entry(k).or_insert(0) += p.i()?;
        }
        let total = p.u()?;
        Some(Merging { channels, orders, left: total, total })
    }

    fn merge_some(&mut self, m: &mut Merging, p: &mut In, max: usize) -> Option<bool> {
        let n = m.left.min(max as u64);
        for _ in 0..n {
            let name = p.bytes()?;
            let b = self.part_customer(p, &m.channels, &m.orders)?;
            let c = self.customers.id(name) as usize;
            if c == self.state.len() {
                self.add_customer(c, b);
            } else {
                self.merge_customer(c, b);
            }
        }
        m.left -= n;
        Some(m.left == 0)
    }

    fn merged(m: &Merging) -> (u64, u64) {
        (m.total - m.left, m.total)
    }
}

/// Entries keyed by (customer << 32 | low) grouped by customer (a counting sort): where each
/// customer's begin, and the (low, value) pairs.
fn by_customer(customers: usize, entries: Vec<(u64, i64)>) -> (Vec<u32>, Vec<(i32, i64)>) {
    let mut at = vec![0u32; customers + 1];
    for &(k, _) in &entries {
        at[(k >> 32) as usize + 1] += 1;
    }
    for c in 0..customers {
        at[c + 1] += at[c];
    }
    let mut next = at.clone();
    let mut out = vec![(0, 0); at[customers] as usize];
    for (k, n) in entries {
        let slot = &mut next[(k >> 32) as usize];
        out[*slot as usize] = (k as u32 as i32, n);
        *slot += 1;
    }
    (at, out)
}

impl Aggregate {
    /// The purchase days in the log of the customers not kept exactly, grouped by customer
    /// in day order: where each customer's begin, and the days. A counting sort of the log by
    /// its entries' customers, which keeps the log's order within each (following each
    /// customer's links instead would miss the cache at every step).
    fn logged_days(&self, customers: usize) -> (Vec<u32>, Vec<i32>) {
        let exact: Vec<bool> = self.state.iter().map(|s| s.exact).collect();
        let mut at = vec![0u32; customers + 1];
        for &c in &self.log_owner {
            if !exact[c as usize] {
                at[c as usize + 1] += 1;
            }
        }
        for c in 0..customers {
            at[c + 1] += at[c];
        }
        let mut next = at.clone();
        let mut days = vec![0; at[customers] as usize];
        for (&(d, _), &c) in self.log.iter().zip(&self.log_owner) {
            if !exact[c as usize] {
                let slot = &mut next[c as usize];
                days[*slot as usize] = d;
                *slot += 1;
            }
        }
        (at, days)
    }

    #[inline(never)] // called per customer: V8 optimises it after the first few thousand
    fn write_customer(
        &self,
        out: &mut Out,
        c: usize,
        name: &[u8],
        logged: &[i32],
        refunds: &[(i32, i64)],
        ids: &[(i32, i64)],
    ) {
        let s = &self.state[c];
        out.bytes(name);
        for x in [s.total, s.purchase_sum, s.first_net, s.open_net] {
            out.i(x);
        }
        out.u(s.purchases);
        out.u(s.before);
        for x in [s.first, s.last, s.open, s.min_day, s.cohort, s.month] {
            out.i(x as i64);
        }
        out.u((s.open_bought as u64 * OPEN_BOUGHT) | (s.exact as u64 * EXACT));
        if self.has_channel {
            out.u(self.channel[c] as u64);
        }
        if self.has_cost {
            out.i(self.cost[c].0 as i64);
            out.f(self.cost[c].1);
        }
        if self.options.split.is_some() {
            out.u(self.calibration[c].0 as u64);
            out.i(self.calibration[c].1 as i64);
        }
        let exact = if s.exact { self.exact.get(&(c as u32)).map_or(&[][..], |d| &d[..]) } else { &[] };
        out.u((exact.len() + logged.len()) as u64);
        let mut prev = 0i64;
        for &d in exact.iter().chain(logged) {
            out.i(d as i64 - prev);
            prev = d as i64;
        }
        out.u(refunds.len() as u64);
        for &(day, n) in refunds {
            out.i(day as i64);
            out.i(n);
        }
        out.u(ids.len() as u64);
        for &(o, _) in ids {
            out.u(o as u32 as u64);
        }
    }

    #[inline(never)] // called per customer: V8 optimises it after the first few thousand
    fn part_customer(&mut self, p: &mut In, channels: &[u32], orders: &[u32]) -> Option<PartCustomer> {
        let mut s = Customer::NEW;
        (s.total, s.purchase_sum, s.first_net, s.open_net) = (p.i()?, p.i()?, p.i()?, p.i()?);
        (s.purchases, s.before) = (p.u()?, p.u()?);
        (s.first, s.last, s.open, s.min_day, s.cohort, s.month) =
            (p.i32()?, p.i32()?, p.i32()?, p.i32()?, p.i32()?, p.i32()?);
        let flags = p.u()?;
        (s.open_bought, s.exact) = (flags & OPEN_BOUGHT != 0, flags & EXACT != 0);
        let channel = if self.has_channel { *channels.get(p.u()? as usize)? } else { 0 };
        let cost = if self.has_cost { (p.i32()?, p.f()?) } else { (i32::MAX, f64::NAN) };
        let calibration = if self.options.split.is_some() { (p.u32()?, p.i32()?) } else { (0, NONE) };
        let n = p.u()?;
        let mut days = Vec::with_capacity(n.min(1 << 20) as usize);
        let mut prev = 0i64;
        for _ in 0..n {
            prev += p.i()?;
            days.push(i32::try_from(prev).ok()?);
        }
        let n = p.u()?;
        let mut refund_days = Vec::with_capacity(n.min(1 << 20) as usize);
        for _ in 0..n {
            refund_days.push((p.i32()?, p.i()?));
        }
        s.distinct = u32::try_from(days.len()).ok()?;
        if !s.exact && s.open != NONE && !s.open_bought {
            refund_days.push((s.open, s.open_net));
        }
        let n = p.u()?;
        let mut ids = Vec::with_capacity(n.min(1 << 20) as usize);
        for _ in 0..n {
            ids.push(*orders.get(p.u()? as usize)?);
        }
        Some(PartCustomer { s, channel, cost, calibration, days, refund_days, orders: ids })
    }

    /// A customer first seen in the part: its state as it is, renumbered.
    /// (No rows come after a merge: the days of customers not kept exactly are not linked
    /// in the log, which only a later out-of-order row would need.)
    #[inline(never)] // called per customer: V8 optimises it after the first few thousand
    fn add_customer(&mut self, c: usize, b: PartCustomer) {
        let s = b.s;
        if s.exact {
            self.exact.insert(c as u32, b.days);
        }
        let open = (!s.exact && s.open != NONE && !s.open_bought).then_some(s.open);
        for &(d, n) in &b.refund_days {
            if Some(d) != open {
                *self.pending.entry(key(c, d)).or_insert(0) += n;
            }
        }
        for &o in &b.orders {
            self.order_seen.insert(key(c, o as i32));
        }
        self.state.push(s);
        if self.has_channel {
            self.channel.push(b.channel);
        }
        if self.has_cost {
            self.cost.push(b.cost);
        }
        if self.options.split.is_some() {
            self.calibration.push(b.calibration);
        }
    }

    /// Takes a part's customer out of cohort `from` for each distinct month of its `days`
    /// (sorted), and with `to = (cohort, first month)` counts those months under that cohort
    /// instead, but for its first month (already counted there).
    fn recount(&mut self, days: &[i32], from: i32, to: Option<(i32, i32)>) {
        let mut counted = NONE;
        for &d in days {
            let m = self.month(d);
            if m != counted {
                counted = m;
                self.count(from, m, -1);
                match to {
                    Some((cohort, first)) if m != first => self.count(cohort, m, 1),
                    _ => {}
                }
            }
        }
    }

    /// Customer `c`'s purchases (`before`) with those of the part's `b` added: with an order
    /// column, its orders not counted yet; without, its purchase rows.
    fn purchases_with(&mut self, c: usize, before: u64, b: &PartCustomer) -> u64 {
        let mut purchases = before + if self.has_order { 0 } else { b.s.purchases };
        for &o in &b.orders {
            purchases += self.order_seen.insert(key(c, o as i32)) as u64;
        }
        purchases
    }

    /// A customer seen in both: its days united (kept exactly from now on), sums added, the
    /// first purchase and cost of the earlier part unless the later one's comes before.
    #[inline(never)] // called per customer: V8 optimises it after the first few thousand
    fn merge_customer(&mut self, c: usize, b: PartCustomer) {
        let a = &self.state[c];
        if !a.exact && !b.s.exact && a.open < b.s.min_day {
            return self.append_customer(c, b);
        }
        let bs = &b.s;
        // The part's cohort counts of this customer come out (counted again from the days).
        if bs.bought() && !bs.exact {
            self.recount(&b.days, bs.cohort, None);
        }
        if !self.state[c].exact {
            self.to_exact(c);
        }
        let mut days = self.exact.remove(&(c as u32)).unwrap_or_default();
        let a = self.state[c].clone();
        let pending_on = |me: &Self, d: i32| me.pending.get(&key(c, d)).copied().unwrap_or(0);
        let b_refund_on = |d: i32| b.refund_days.iter().filter(|&&(x, _)| x == d).map(|&(_, n)| n).sum::<i64>();
        let b_first = bs.bought() && (!a.bought() || bs.first < a.first);
        let (first, first_net) = if !a.bought() && !bs.bought() {
            (NONE, 0)
        } else if b_first {
            (bs.first, bs.first_net + pending_on(self, bs.first))
        } else if bs.bought() && bs.first == a.first {
            (a.first, a.first_net + bs.first_net)
        } else {
            (a.first, a.first_net + b_refund_on(a.first))
        };
        let mut sum = a.purchase_sum + bs.purchase_sum;
        for &d in &b.days {
            if days.binary_search(&d).is_err() {
                sum += self.pending.remove(&key(c, d)).unwrap_or(0);
            }
        }
        for &(d, n) in &b.refund_days {
            if days.binary_search(&d).is_ok() {
                sum += n;
            } else {
                *self.pending.entry(key(c, d)).or_insert(0) += n;
            }
        }
        let mut all = Vec::with_capacity(days.len() + b.days.len());
        let (mut i, mut j) = (0, 0);
        let at = |v: &[i32], k: usize| v.get(k).map_or(i64::MAX, |&d| d as i64);
        while i < days.len() || j < b.days.len() {
            let (x, y) = (at(&days, i), at(&b.days, j));
            all.push(x.min(y) as i32);
            i += (x <= y) as usize;
            j += (y <= x) as usize;
        }
        days = all;
        let purchases = self.purchases_with(c, a.purchases, &b);
        let s = &mut self.state[c];
        s.total += bs.total;
        s.min_day = s.min_day.min(bs.min_day);
        s.open = s.open.max(bs.open);
        if !a.bought() {
            s.before += bs.before;
        }
        s.purchases = purchases;
        (s.first, s.first_net, s.purchase_sum) = (first, first_net, sum);
        s.last = a.last.max(bs.last);
        s.distinct = days.len() as u32;
        if self.has_channel && b_first {
            self.channel[c] = b.channel;
        }
        if self.has_cost && b.cost.0 < self.cost[c].0 {
            self.cost[c] = b.cost;
        }
        if first != NONE {
            let m = self.month(first);
            self.state[c].cohort = m;
        }
        self.exact.insert(c as u32, days);
    }
}

impl Aggregate {
    /// A customer in both parts whose rows in the part all come after those before (the
    /// usual case in a file sorted by date): the state goes on as if the part's rows had
    /// followed, with no list of days.
    #[inline(never)] // called per customer: V8 optimises it after the first few thousand
    fn append_customer(&mut self, c: usize, b: PartCustomer) {
        let (a, bs) = (self.state[c].clone(), &b.s);
        if a.open != NONE && !a.open_bought {
            *self.pending.entry(key(c, a.open)).or_insert(0) += a.open_net;
        }
        let open = (bs.open != NONE && !bs.open_bought).then_some(bs.open);
        for &(d, n) in &b.refund_days {
            if Some(d) != open {
                *self.pending.entry(key(c, d)).or_insert(0) += n;
            }
        }
        if a.bought() && bs.bought() {
            // The part counted the customer's months under its own first month.
            self.recount(&b.days, bs.cohort, Some((a.cohort, a.month)));
        }
        let purchases = self.purchases_with(c, a.purchases, &b);
        let s = &mut self.state[c];
        s.total += bs.total;
        s.purchase_sum += bs.purchase_sum;
        s.purchases = purchases;
        if !a.bought() {
            (s.first, s.first_net, s.cohort, s.month) = (bs.first, bs.first_net, bs.cohort, bs.month);
            s.before += bs.before;
            if self.has_channel {
                self.channel[c] = b.channel;
            }
        } else if bs.bought() {
            s.month = bs.month;
        }
        if bs.bought() {
            s.last = bs.last;
        }
        s.distinct += bs.distinct;
        (s.open, s.open_net, s.open_bought) = (bs.open, bs.open_net, bs.open_bought);
        if self.has_cost && b.cost.0 < self.cost[c].0 {
            self.cost[c] = b.cost;
        }
        if self.options.split.is_some() {
            let k = &mut self.calibration[c];
            if b.calibration.0 > 0 {
                *k = (k.0 + b.calibration.0, b.calibration.1);
            }
        }
    }
}

/// Why a whole file cannot be summarised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No good row at all.
    NoRows,
    /// Every good row is after the observation end.
    AllAfterEnd,
    /// Every kept row is a refund.
    RefundsOnly,
    /// The kept rows' absolute amounts add up to more than an `i64` holds.
    TooMuchMoney,
    /// The kept rows' dates span more than `max_span` days: (first, last).
    Span(i32, i32),
}

/// Counts of the rows the aggregate did not keep.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Excluded {
    /// After the observation end.
    pub after_end: u64,
    /// Refunds left out by `exclude_refunds`.
    pub refunds: u64,
    /// Refunds of customers with no purchase.
    pub refund_only: u64,
}

impl Aggregate {
    /// The end of observation (the option, or the last day of any good row), the rows kept
    /// and the rows excluded, or why the file cannot be summarised (checked in the order
    /// the reasons are listed in [`Refusal`]; the span against `max_span` days).
    pub fn check(&self, max_span: i32) -> std::result::Result<(i32, u64, Excluded), Refusal> {
        if self.good == 0 {
            return Err(Refusal::NoRows);
        }
        let end = self.options.observation_end.unwrap_or(self.max_day);
        if self.kept + self.refunds == 0 {
            return Err(Refusal::AllAfterEnd);
        }
        let (mut refund_only, mut refund_units, mut first, mut latest) = (0u64, 0i128, i32::MAX, NONE);
        for s in &self.state {
            if s.bought() {
                first = first.min(s.min_day);
                latest = latest.max(s.open);
            } else {
                refund_only += s.before;
                refund_units += -(s.total as i128);
            }
        }
        if refund_only == self.kept {
            return Err(Refusal::RefundsOnly);
        }
        if self.absolute - refund_units > i64::MAX as i128 {
            return Err(Refusal::TooMuchMoney);
        }
        if end.max(latest) - first > max_span {
            return Err(Refusal::Span(first, latest));
        }
        let excluded = Excluded { after_end: self.after_end, refunds: self.refunds, refund_only };
        Ok((end, self.kept - refund_only, excluded))
    }

    /// Starts the summary (after [`Aggregate::check`] passed): customers with a purchase, in
    /// order of first appearance, with their ids decoded from `encoding`.
    pub fn summarizing(mut self, end: i32, unit: Unit, encoding: Encoding) -> Summarizer {
        let names = std::mem::take(&mut self.customers).names(encoding);
        let ids: Vec<String> =
            names.into_iter().zip(&self.state).filter(|(_, s)| s.bought()).map(|(name, _)| name).collect();
        let n = ids.len();
        let with = |keep: bool| if keep { n } else { 0 };
        let split = self.options.split.is_some();
        let summary = Summary {
            frequency: Vec::with_capacity(n),
            recency: Vec::with_capacity(n),
            t: Vec::with_capacity(n),
            monetary: Vec::with_capacity(n),
            total: Vec::with_capacity(n),
            total_units: Vec::with_capacity(n),
            purchases: Vec::with_capacity(n),
            first: Vec::with_capacity(n),
            last: Vec::with_capacity(n),
            channel: Vec::with_capacity(with(self.has_channel)),
            acquisition_cost: Vec::with_capacity(with(self.has_cost)),
            calibration_frequency: Vec::with_capacity(with(split)),
            calibration_recency: Vec::with_capacity(with(split)),
            calibration_t: Vec::with_capacity(with(split)),
            holdout_frequency: Vec::with_capacity(with(split)),
        };
        let channels = std::mem::take(&mut self.channels).names(encoding);
        Summarizer { aggregate: self, end, days: unit.days(), ids, channels, summary, next: 0, done: 0 }
    }
}

/// The summary under way, a batch of customers at a time (`step`), so that a caller can
/// report progress.
pub struct Summarizer {
    aggregate: Aggregate,
    end: i32,
    days: f64,
    ids: Vec<String>,
    channels: Vec<String>,
    summary: Summary,
    /// The next customer state to look at; customers summarised.
    next: usize,
    done: usize,
}

impl Summarizer {
    /// (customers summarised, all customers).
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.ids.len())
    }

    /// Summarises up to `max` more customers; true when every customer is done.
    pub fn step(&mut self, max: usize) -> bool {
        let a = &mut self.aggregate;
        let mut left = max;
        while left > 0 && self.next < a.state.len() {
            let c = self.next;
            self.next += 1;
            if !a.state[c].bought() {
                continue;
            }
            left -= 1;
            self.done += 1;
            let split = a.options.split;
            let (mut before_split, mut last_before_split) = if split.is_some() { a.calibration[c] } else { (0, NONE) };
            if a.state[c].exact {
                let days = a.exact.remove(&(c as u32)).unwrap_or_default();
                let cohort = a.month(a.state[c].first);
                let mut counted = NONE;
                for &d in &days {
                    let m = a.month(d);
                    if m != counted {
                        counted = m;
                        a.count(cohort, m, 1);
                    }
                }
                if let Some(split) = split {
                    before_split = days.partition_point(|&d| d <= split) as u32;
                    last_before_split = if before_split > 0 { days[before_split as usize - 1] } else { NONE };
                }
            }
            let s = &a.state[c];
            let out = &mut self.summary;
            let frequency = (s.distinct - 1) as f64;
            out.frequency.push(frequency);
            out.recency.push((s.last - s.first) as f64 / self.days);
            out.t.push((self.end - s.first) as f64 / self.days);
            out.monetary.push(if s.distinct > 1 {
                (s.purchase_sum - s.first_net) as f64 / (UNIT as f64 * frequency)
            } else {
                0.0
            });
            out.total.push(s.total as f64 / UNIT as f64);
            out.total_units.push(s.total);
            out.purchases.push(s.purchases as f64);
            out.first.push(s.first);
            out.last.push(s.last);
            if a.has_channel {
                out.channel.push(a.channel[c]);
            }
            if a.has_cost {
                out.acquisition_cost.push(a.cost[c].1);
            }
            if let Some(split) = split {
                let (f, r, t, h) = if s.first > split {
                    (f64::NAN, f64::NAN, f64::NAN, f64::NAN)
                } else {
                    let last = if last_before_split == NONE { s.first } else { last_before_split };
                    (
                        (before_split - 1) as f64,
                        (last - s.first) as f64 / self.days,
                        (split - s.first) as f64 / self.days,
                        (s.distinct - before_split) as f64,
                    )
                };
                out.calibration_frequency.push(f);
                out.calibration_recency.push(r);
                out.calibration_t.push(t);
                out.holdout_frequency.push(h);
            }
        }
        self.next == a.state.len()
    }

    /// The customers' ids, the channel names, the summary and the cohorts (call after `step`
    /// returned true).
    pub fn finish(mut self) -> (Vec<String>, Vec<String>, Summary, Cohorts) {
        let a = &mut self.aggregate;
        let end_month = a.month(self.end);
        let cells: Vec<(i32, i32, i64)> = a
            .cohorts
            .iter()
            .filter(|(_, &n)| n != 0)
            .map(|(&k, &n)| ((k >> 32) as u32 as i32, k as u32 as i32, n))
            .collect();
        // By (cohort, offset) (each pair once): both as biased unsigned halves of one key.
        let bias = |x: i32| (x as u32 ^ 1 << 31) as u64;
        let mut order: Vec<(u64, u32)> =
            cells.iter().enumerate().map(|(i, &(c, o, _))| (bias(c) << 32 | bias(o), i as u32)).collect();
        crate::data::order::pairs(&mut order);
        let (mut months, mut size, mut active) = (Vec::new(), Vec::new(), Vec::<Vec<u32>>::new());
        for (cohort, offset, n) in order.iter().map(|&(_, i)| cells[i as usize]) {
            if offset == 0 {
                months.push(cohort);
                size.push(n as u32);
                active.push(vec![0; (end_month - cohort + 1).max(1) as usize]);
            }
            if let (Some(&m), Some(row)) = (months.last(), active.last_mut()) {
                if m == cohort {
                    if let Some(cell) = row.get_mut(offset as usize) {
                        *cell = n as u32;
                    }
                }
            }
        }
        (self.ids, self.channels, self.summary, Cohorts { months, size, active })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::date::days_from_civil;

    /// The remembered month is the month of every day asked for, in any order: forwards,
    /// backwards and jumping, across month and year ends, leap days and dates before 1970.
    #[test]
    fn the_month_cache_gives_each_days_month() {
        let mut a = Aggregate::new(&Mapping::default(), AggregateOptions::default());
        let (from, to) = (days_from_civil(1899, 11, 20), days_from_civil(2101, 3, 10));
        let mut days: Vec<i32> = (from..to).collect();
        days.extend((from..to).rev());
        let mut seed = 7u64;
        for _ in 0..100_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            days.push(from + (seed >> 33) as i32 % (to - from));
        }
        for d in days {
            assert_eq!(a.month(d), date::month_of(d), "day {d}");
        }
    }

    /// Rows as the reader hands them on.
    struct Rows {
        customer: Vec<u32>,
        day: Vec<i32>,
        amount: Vec<i64>,
    }

    fn summarize(rows: &Rows, customers: usize, end: i32, unit: Unit) -> (Summary, Cohorts) {
        let options = AggregateOptions { observation_end: Some(end), keep_days: true, ..Default::default() };
        let mut a = Aggregate::new(&Mapping::default(), options);
        for i in 0..rows.day.len() {
            let id = rows.customer[i].to_string();
            let row = Row {
                customer: id.as_bytes(),
                day: rows.day[i],
                amount: rows.amount[i],
                channel: None,
                acquisition_cost: None,
                order: None,
            };
            a.row(&row);
        }
        a.flush();
        let (end, _, _) = a.check(36_525).expect("a summary");
        let mut work = a.summarizing(end, unit, Encoding::Utf8);
        while !work.step(1) {}
        let (ids, _, summary, cohorts) = work.finish();
        assert_eq!(ids.len(), customers);
        (summary, cohorts)
    }

    #[test]
    fn summary_by_the_conventions_of_formulas_14() {
        let d = |m, day| days_from_civil(2024, m, day);
        // Customer 0: two purchases on Jan 1 (one purchase day), then Jan 15 and Feb 12.
        // Customer 1: one purchase. Customer 2: one day, two rows.
        let rows = Rows {
            customer: vec![0, 1, 0, 0, 2, 0, 2],
            day: vec![d(1, 1), d(1, 5), d(1, 15), d(1, 1), d(2, 1), d(2, 12), d(2, 1)],
            amount: [10, 7, 30, 5, 1, 50, 2].map(|a| a * UNIT).to_vec(),
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
