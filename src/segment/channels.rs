//! Acquisition channels from customer data: customers won per channel (the channel of their
//! first purchase), their historical value (mean revenue per customer × gross margin) as CLV,
//! and, where spend is known (a cost table or an acquisition-cost column), CAC and LTV:CAC,
//! ranked by `metrics::cac_by_channel` (docs/FORMULAS.md 5 and 6).

use crate::metrics::acquisition::{cac_by_channel, ChannelInput, LtvCacBand};
use crate::output::output;

output! {
    serde:
    /// One channel of the customer data.
    pub struct DataChannel {
        /// The channel's name.
        pub channel: String = "channel",
        /// Customers whose first purchase came through the channel.
        pub customers: f64 = "customers",
        /// All their purchases.
        pub revenue: f64 = "revenue",
        /// Historical CLV: revenue per customer × gross margin.
        pub clv: f64 = "clv",
        /// Known spend on the channel, else null.
        pub spend: Option<f64> = "spend",
        /// Customer acquisition cost: spend ÷ customers (docs/FORMULAS.md), when the spend is known.
        pub cac: Option<f64> = "cac",
        /// LTV:CAC: `clv` ÷ `cac`, when the spend is known.
        pub ratio: Option<f64> = "ratio",
        /// Where the ratio stands (`losing`, `below-target`, `healthy`, `under-investing`: docs/FORMULAS.md 6), when the spend is known.
        pub band: Option<LtvCacBand> = "band",
        /// 1 for the best: by LTV:CAC where spend is known, then by CLV.
        pub rank: u32 = "rank",
    }
}

/// `spend[i]`: the known spend of channel `i`, or None.
pub fn rank(
    names: &[String],
    customers: &[f64],
    revenue: &[f64],
    spend: &[Option<f64>],
    margin: f64,
) -> Vec<DataChannel> {
    let mut out: Vec<DataChannel> = (0..names.len())
        .filter(|&i| customers[i] > 0.0)
        .map(|i| DataChannel {
            channel: names[i].clone(),
            customers: customers[i],
            revenue: revenue[i],
            clv: revenue[i] / customers[i] * margin,
            spend: spend[i],
            cac: None,
            ratio: None,
            band: None,
            rank: 0,
        })
        .collect();
    // The core's ranking for the channels with a spend.
    let costed: Vec<ChannelInput> = out
        .iter()
        .filter_map(|c| {
            c.spend.map(|spend| ChannelInput {
                channel: c.channel.clone(),
                spend,
                new_customers: c.customers,
                clv: Some(c.clv),
            })
        })
        .collect();
    let mut ranked: Vec<DataChannel> = Vec::with_capacity(out.len());
    if let Ok(r) = cac_by_channel(&costed) {
        for c in r.channels {
            if let Some(pos) = out.iter().position(|o| o.channel == c.channel && o.spend.is_some()) {
                let mut d = out.swap_remove(pos);
                (d.cac, d.ratio, d.band) = (Some(c.cac), c.ratio, c.band);
                ranked.push(d);
            }
        }
    }
    let order = crate::data::order::stable_by(out.len(), &mut |a, b| {
        out[b].clv.total_cmp(&out[a].clv).then_with(|| out[a].channel.cmp(&out[b].channel))
    });
    let mut out: Vec<Option<DataChannel>> = out.into_iter().map(Some).collect();
    ranked.extend(order.iter().filter_map(|&i| out[i].take()));
    for (i, c) in ranked.iter_mut().enumerate() {
        c.rank = i as u32 + 1;
    }
    ranked
}
