//! Acquisition: CAC, LTV:CAC with its bands, channels ranked, payback (docs/FORMULAS.md 5 to 7).

use crate::input::input;
use crate::output::{output, text_enum};

use crate::check::{amount, finite, fraction, or, positive, whole};
use crate::error::{Error, ErrorCode, Result};
use crate::metrics::clv::Subscription;
use crate::metrics::stream::Stream;

input! {
    serde:
    /// Input of [`cac`] (docs/FORMULAS.md 5).
    pub struct CacInput {
        /// Sales and marketing spend of the period, in currency units.
        pub spend: f64 = "spend",
        /// Customers won in the same period (a whole number, at least 1).
        pub new_customers: f64 = "newCustomers",
    }
}

output! {
    serde:
    /// Result of [`cac`].
    pub struct CacResult {
        /// `spend / newCustomers`.
        pub cac: f64 = "cac",
    }
}

/// Customer acquisition cost: `spend / newCustomers` (docs/FORMULAS.md 5).
pub fn cac(input: &CacInput) -> Result<CacResult> {
    let spend = amount("spend", input.spend)?;
    let customers = customers("newCustomers", input.new_customers)?;
    Ok(CacResult { cac: spend / customers })
}

fn customers(field: &str, v: f64) -> Result<f64> {
    whole(field, v, 1.0, "must be at least 1: CAC needs at least one new customer")
}

text_enum! {
    serde:
    /// Where an LTV:CAC ratio stands (docs/FORMULAS.md 6).
    pub enum LtvCacBand {
        /// Below 1: every customer loses money.
        Losing = "losing",
        /// 1 to below 3: pays, but under the usual 3:1 target.
        BelowTarget = "below-target",
        /// 3 to 5.
        Healthy = "healthy",
        /// Above 5: probably under-investing in growth.
        UnderInvesting = "under-investing",
    }
}

impl LtvCacBand {
    /// The band of an LTV:CAC `ratio` (docs/FORMULAS.md 6): below 1 losing, from 1 below
    /// target, from 3 healthy, above 5 under-investing.
    pub fn of(ratio: f64) -> Self {
        if ratio < 1.0 {
            LtvCacBand::Losing
        } else if ratio < 3.0 {
            LtvCacBand::BelowTarget
        } else if ratio <= 5.0 {
            LtvCacBand::Healthy
        } else {
            LtvCacBand::UnderInvesting
        }
    }
}

input! {
    serde:
    /// Input of [`ltv_cac`].
    pub struct LtvCacInput {
        /// Lifetime value of a customer (may be negative).
        pub clv: f64 = "clv",
        /// Cost of acquiring one (greater than 0).
        pub cac: f64 = "cac",
    }
}

output! {
    serde:
    /// Result of [`ltv_cac`].
    pub struct LtvCacResult {
        /// `clv / cac`.
        pub ratio: f64 = "ratio",
        /// Where the ratio stands: losing, below target, healthy or under-investing ([`LtvCacBand::of`]).
        pub band: LtvCacBand = "band",
    }
}

/// `LTV:CAC = clv / cac` and its band: below 1 losing, 1 to 3 below target, 3 to 5 healthy,
/// above 5 under-investing (docs/FORMULAS.md 6).
pub fn ltv_cac(input: &LtvCacInput) -> Result<LtvCacResult> {
    let clv = finite("clv", input.clv)?;
    let cac = positive("cac", input.cac)?;
    let ratio = Stream::guard("cac", clv / cac)?;
    Ok(LtvCacResult { ratio, band: LtvCacBand::of(ratio) })
}

input! {
    serde:
    /// One acquisition channel, input of [`cac_by_channel`].
    pub struct ChannelInput {
        /// The channel's name, as it should be shown.
        pub channel: String = "channel",
        /// Spend on the channel, in currency units.
        pub spend: f64 = "spend",
        /// Customers the channel won (a whole number, at least 1).
        pub new_customers: f64 = "newCustomers",
        /// Lifetime value of the channel's customers, when known.
        pub clv: Option<f64> = "clv",
    }
}

output! {
    serde:
    /// One channel of [`ChannelsResult`], with its rank.
    pub struct ChannelResult {
        /// The channel's name, as given.
        pub channel: String = "channel",
        /// Spend on the channel, in currency units.
        pub spend: f64 = "spend",
        /// Customers the channel won.
        pub new_customers: f64 = "newCustomers",
        /// `spend / newCustomers` (docs/FORMULAS.md 5).
        pub cac: f64 = "cac",
        /// Lifetime value of the channel's customers, as given; null when not given.
        pub clv: Option<f64> = "clv",
        /// `clv / cac`, when clv is given and cac is above 0.
        pub ratio: Option<f64> = "ratio",
        /// The band of `ratio` (docs/FORMULAS.md 6); null without a ratio.
        pub band: Option<LtvCacBand> = "band",
        /// 1 for the best channel.
        pub rank: u32 = "rank",
    }
}

output! {
    serde:
    /// All channels together.
    pub struct ChannelTotal {
        /// Spend on all channels together, in currency units.
        pub spend: f64 = "spend",
        /// New customers of all channels together.
        pub new_customers: f64 = "newCustomers",
        /// Blended CAC: total spend over total new customers.
        pub cac: f64 = "cac",
        /// Customer-weighted mean CLV, when every channel gives one.
        pub clv: Option<f64> = "clv",
        /// `clv / cac` of all channels together; null without a CLV.
        pub ratio: Option<f64> = "ratio",
        /// The band of `ratio` (docs/FORMULAS.md 6); null without a ratio.
        pub band: Option<LtvCacBand> = "band",
    }
}

output! {
    serde:
    /// Result of [`cac_by_channel`].
    pub struct ChannelsResult {
        /// Best first: by LTV:CAC (highest first), then channels without a CLV by CAC (lowest
        /// first). A channel with free customers (CAC 0) and a CLV ranks first.
        pub channels: Vec<ChannelResult> = "channels",
        /// All channels together: blended CAC and, where every channel has one, CLV.
        pub total: ChannelTotal = "total",
    }
}

/// CAC per acquisition channel, ranked by LTV:CAC (docs/FORMULAS.md 5 and 6). Errors name the
/// entry: `[2].newCustomers`.
pub fn cac_by_channel(input: &[ChannelInput]) -> Result<ChannelsResult> {
    if input.is_empty() {
        return Err(crate::check::empty("", "give at least one channel"));
    }
    let mut channels = Vec::with_capacity(input.len());
    for (i, c) in input.iter().enumerate() {
        channels.push(channel(c).map_err(|e| e.at("", i))?);
    }
    let spend: f64 = channels.iter().map(|c| c.spend).sum();
    let new_customers: f64 = channels.iter().map(|c| c.new_customers).sum();
    let spend = Stream::guard("spend", spend)?;
    let total_cac = spend / new_customers;
    let clv =
        channels.iter().map(|c| c.clv.map(|v| v * c.new_customers)).sum::<Option<f64>>().map(|v| v / new_customers);
    let clv = clv.map(|v| Stream::guard("clv", v)).transpose()?;
    let ratio = clv.and_then(|v| ratio(v, total_cac));
    // `rank` starts as the input position, so that equal channels keep the order given and
    // no two channels compare equal: any correct sort gives the same order.
    for (i, c) in channels.iter_mut().enumerate() {
        c.rank = i as u32;
    }
    let order = crate::data::order::stable_by(channels.len(), &mut |a, b| {
        let (a, b) = (&channels[a], &channels[b]);
        rank_key(b).partial_cmp(&rank_key(a)).unwrap_or(std::cmp::Ordering::Equal).then(a.rank.cmp(&b.rank))
    });
    let mut slots: Vec<Option<ChannelResult>> = channels.into_iter().map(Some).collect();
    let mut channels: Vec<ChannelResult> = order.iter().filter_map(|&i| slots[i].take()).collect();
    for (i, c) in channels.iter_mut().enumerate() {
        c.rank = i as u32 + 1;
    }
    Ok(ChannelsResult {
        channels,
        total: ChannelTotal {
            spend,
            new_customers,
            cac: total_cac,
            clv,
            ratio,
            band: clv.map(|v| LtvCacBand::of(ratio.unwrap_or_else(|| free_ratio(v)))),
        },
    })
}

fn channel(c: &ChannelInput) -> Result<ChannelResult> {
    if c.channel.chars().all(char::is_whitespace) {
        return Err(Error::new(ErrorCode::Missing, "channel", "channel needs a name"));
    }
    let spend = amount("spend", c.spend)?;
    let new_customers = customers("newCustomers", c.new_customers)?;
    let clv = c.clv.map(|v| finite("clv", v)).transpose()?;
    let cac = spend / new_customers;
    let ratio = clv.and_then(|v| ratio(v, cac));
    Ok(ChannelResult {
        channel: c.channel.clone(),
        spend,
        new_customers,
        cac,
        clv,
        ratio,
        band: clv.map(|v| LtvCacBand::of(ratio.unwrap_or_else(|| free_ratio(v)))),
        rank: 0,
    })
}

fn ratio(clv: f64, cac: f64) -> Option<f64> {
    (cac > 0.0).then(|| clv / cac).filter(|r| r.is_finite())
}

/// LTV:CAC of a channel whose customers cost nothing (CAC 0): its limit, +∞ for a positive
/// CLV, −∞ for a negative one, 0 for none. Used for its band and rank, never returned.
fn free_ratio(clv: f64) -> f64 {
    if clv > 0.0 {
        f64::INFINITY
    } else if clv < 0.0 {
        f64::NEG_INFINITY
    } else {
        0.0
    }
}

/// Sort key, higher is better: channels with a CLV by LTV:CAC first, then the others by CAC.
fn rank_key(c: &ChannelResult) -> (bool, f64) {
    match (c.clv, c.ratio) {
        (Some(_), Some(r)) => (true, r),
        (Some(clv), None) => (true, free_ratio(clv)),
        (None, _) => (false, -c.cac),
    }
}

input! {
    serde:
    /// Input of [`payback`] (docs/FORMULAS.md 7).
    pub struct PaybackInput {
        /// Cost of acquiring a customer.
        pub cac: f64 = "cac",
        /// Average revenue per account and period.
        pub arpa: f64 = "arpa",
        /// 0 to 1 (default 1).
        pub gross_margin: Option<f64> = "grossMargin",
        /// Per period, 0 to 1 (default 0: nobody leaves).
        pub churn_rate: Option<f64> = "churnRate",
        /// Per period, -1 to 1 (default 0).
        pub expansion_rate: Option<f64> = "expansionRate",
        /// Per period, 0 to 1 (default 0).
        pub discount_rate: Option<f64> = "discountRate",
    }
}

output! {
    serde:
    /// Result of [`payback`].
    pub struct PaybackResult {
        /// `cac / (arpa × grossMargin)`, ignoring churn; null when the margin is 0 (never).
        pub simple_periods: Option<f64> = "simplePeriods",
        /// The first period at whose end the cumulative expected margin reaches CAC; 0 when CAC
        /// is 0; null when it never does (churn makes the total margin smaller than CAC).
        pub periods: Option<f64> = "periods",
        /// The expected margin of a whole lifetime (open horizon), or null when unbounded.
        pub lifetime_margin: Option<f64> = "lifetimeMargin",
        /// Cumulative expected margin at the end of each period (period 1 first), for a chart
        /// against CAC: past the break-even by a quarter (at least 12, at most 600 periods).
        pub cumulative_margin: Vec<f64> = "cumulativeMargin",
    }
}

/// Simple and churn-aware payback (docs/FORMULAS.md 7). The churn-aware figure uses the margin
/// stream of subscription CLV (docs/FORMULAS.md 3): churn, expansion and discount included.
pub fn payback(input: &PaybackInput) -> Result<PaybackResult> {
    let cac = amount("cac", input.cac)?;
    let s = Subscription::from_parts(
        input.arpa,
        or(input.churn_rate, 0.0, |v| fraction("churnRate", v))?,
        input.gross_margin,
        input.expansion_rate,
        input.discount_rate,
        None,
    )?;
    let stream = s.stream();
    let margin = stream.first;
    let simple_periods = if cac == 0.0 {
        Some(0.0)
    } else if margin > 0.0 {
        Some(Stream::guard("cac", cac / margin)?)
    } else {
        None
    };
    let lifetime_margin = stream.total("churnRate", "").ok();
    let periods = payback_periods(cac, &stream);
    let len = match periods {
        Some(p) => ((p * 1.25).ceil() as usize).clamp(12, 600),
        None => stream.chart_len(),
    };
    let mut cumulative_margin = Vec::with_capacity(len);
    let (mut value, mut sum) = (margin, 0.0);
    for _ in 0..len {
        sum += value;
        cumulative_margin.push(sum);
        value *= stream.factor;
    }
    Ok(PaybackResult { simple_periods, periods, lifetime_margin, cumulative_margin })
}

/// Periods whose cumulative margin is added one by one, exactly as `cumulativeMargin` adds
/// them, before the closed form takes over (a payback later than 10,000 years).
const PLAIN_PERIODS: u32 = 120_000;

/// The first k with `Σ_{t<k} first × factor^t ≥ cac` (docs/FORMULAS.md 7), or None when no k
/// reaches it. The sum is the plain running sum that `cumulativeMargin` shows, added in the
/// same order, so `periods` never contradicts the chart; only a payback beyond
/// `PLAIN_PERIODS` comes from the closed form.
fn payback_periods(cac: f64, stream: &Stream) -> Option<f64> {
    let (margin, f) = (stream.first, stream.factor);
    if cac == 0.0 {
        return Some(0.0);
    }
    if margin <= 0.0 {
        return None;
    }
    let (mut value, mut sum) = (margin, 0.0);
    for k in 1..=PLAIN_PERIODS {
        sum += value;
        if sum >= cac {
            return Some(k as f64);
        }
        value *= f;
        if sum + value == sum {
            return None; // the running sum no longer grows: it never reaches CAC
        }
    }
    // Beyond: (1 − f^k) / (1 − f) ≥ x  <=>  f^k ≤ 1 − x(1 − f)  (f < 1), or ≥ (f > 1).
    let x = cac / margin;
    let estimate = if stream.rest == 0.0 {
        x
    } else {
        let target = 1.0 - x * stream.rest;
        if target <= 0.0 {
            return None; // f < 1 and the whole stream stays below cac
        }
        target.ln() / (-stream.rest).ln_1p()
    };
    if !estimate.is_finite() {
        return None;
    }
    // The closed form can be off by a period or two in floating point: settle it on the sum.
    let reaches = |k: f64| stream.partial_sum(k) >= x;
    let first = PLAIN_PERIODS as f64 + 1.0;
    let mut k = estimate.ceil().max(first);
    for _ in 0..4 {
        if k > first && reaches(k - 1.0) {
            k -= 1.0;
        } else if !reaches(k) {
            k += 1.0;
        }
    }
    Some(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payback_periods_settle_on_the_sum() {
        let flat = Stream::new(100.0, 1.0, 0.0, None);
        assert_eq!(payback_periods(500.0, &flat), Some(5.0));
        assert_eq!(payback_periods(501.0, &flat), Some(6.0));
        let churn = Stream::new(100.0, 0.95, 0.05, None);
        assert_eq!(payback_periods(2000.0, &churn), None); // never: 2000 is the limit, only approached
        assert_eq!(payback_periods(0.0, &Stream::new(0.0, 0.5, 0.5, None)), Some(0.0));
        assert_eq!(payback_periods(10.0, &Stream::new(0.0, 0.5, 0.5, None)), None);
        assert_eq!(payback_periods(150.0, &Stream::new(100.0, 0.0, 1.0, None)), None);
        assert_eq!(payback_periods(100.0, &Stream::new(100.0, 0.0, 1.0, None)), Some(1.0));
        // 100 + 95 + 90.25 = 285.25 >= 280 after 3 periods
        assert_eq!(payback_periods(280.0, &churn), Some(3.0));
        assert_eq!(payback_periods(285.25, &churn), Some(3.0));
        assert_eq!(payback_periods(285.26, &churn), Some(4.0));
    }

    /// Issue 9: near 100 % net revenue retention the closed form said 2 where the running
    /// sum (and the chart) reach CAC at 7.
    #[test]
    fn payback_at_full_net_revenue_retention_agrees_with_its_chart() {
        for churn in [0.031, 0.05, 0.2, 0.0123] {
            let input = PaybackInput {
                cac: 650.0,
                arpa: 100.0,
                gross_margin: None,
                churn_rate: Some(churn),
                expansion_rate: Some(churn / (1.0 - churn)),
                discount_rate: None,
            };
            let r = payback(&input).unwrap();
            assert_eq!(r.periods, Some(7.0), "churn {churn}");
            let c = &r.cumulative_margin;
            assert!(c[6] >= 650.0 && c[5] < 650.0, "churn {churn}: {:?}", &c[..8]);
            assert!((c[6] - 700.0).abs() < 1e-9);
        }
    }
}
