//! RFM (docs/FORMULAS.md 13): recency (days since the last purchase, lower is better), frequency
//! (purchases) and monetary value (total or average spend) each scored 1 to 5 by quintiles,
//! 5 best; ties share a score. Named segments from the R and F scores, each with a suggested
//! next best action.

/// Quintile scores, 5 for the best fifth: each value scores `1 + ⌊5 × p / n⌋`, where `p` is
/// the number of values worse than it, so equal values always share a score and each score
/// holds a fifth of the values except where a tie straddles a boundary.
pub fn quintiles(values: &[f64], higher_is_better: bool) -> Vec<u8> {
    let n = values.len();
    let order = ascending(values, !higher_is_better);
    let mut scores = vec![0u8; n];
    let mut group_start = 0;
    for (p, &(key, i)) in order.iter().enumerate() {
        if p > 0 && order[p - 1].0 != key {
            group_start = p;
        }
        scores[i as usize] = 1 + (5 * group_start / n.max(1)) as u8;
    }
    scores
}

/// (key, index) pairs sorted by value (by the negated value with `negate`): the key is the
/// value's bits made to sort as integers, so that the sort compares plain integers rather
/// than calling a float comparison through the values. -0 and 0 are one key.
pub fn ascending(values: &[f64], negate: bool) -> Vec<(u64, u32)> {
    let mut pairs: Vec<(u64, u32)> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let v = if negate { -v } else { v } + 0.0; // + 0.0 turns -0 into 0
            (crate::data::order::total_key(v), i as u32)
        })
        .collect();
    crate::data::order::pairs(&mut pairs);
    pairs
}

/// A named RFM segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// R 5, F 4-5: bought most recently and most often.
    Champions,
    /// R 3-4, F 4-5: buy often.
    Loyal,
    /// R 4-5, F 2-3: recent, with a few purchases.
    PotentialLoyalists,
    /// R 5, F 1: the most recent, few purchases.
    New,
    /// R 4, F 1: recent, few purchases.
    Promising,
    /// R 3, F 3: middling recency and frequency.
    NeedAttention,
    /// R 3, F 1-2: slipping away.
    AboutToSleep,
    /// R 1-2, F 3-4: bought often, but long ago.
    AtRisk,
    /// R 1-2, F 5: among the most frequent, not back for long.
    CantLoseThem,
    /// R 1-2, F 1-2: long ago and few.
    Hibernating,
}

impl Segment {
    /// Every segment, in the order results list them.
    pub const ALL: [Segment; 10] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalists,
        Segment::New,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CantLoseThem,
        Segment::Hibernating,
    ];

    /// The segment of an R and F score (docs/FORMULAS.md 13: every pair has exactly one).
    pub fn of(r: u8, f: u8) -> Segment {
        match (r, f) {
            (5, 4..=5) => Segment::Champions,
            (3..=4, 4..=5) => Segment::Loyal,
            (4..=5, 2..=3) => Segment::PotentialLoyalists,
            (5, _) => Segment::New,
            (4, _) => Segment::Promising,
            (3, 3) => Segment::NeedAttention,
            (3, _) => Segment::AboutToSleep,
            (1..=2, 5) => Segment::CantLoseThem,
            (1..=2, 3..=4) => Segment::AtRisk,
            _ => Segment::Hibernating,
        }
    }

    /// The segment's key (`champions` ...).
    pub fn key(self) -> &'static str {
        match self {
            Segment::Champions => "champions",
            Segment::Loyal => "loyal",
            Segment::PotentialLoyalists => "potential-loyalists",
            Segment::New => "new",
            Segment::Promising => "promising",
            Segment::NeedAttention => "need-attention",
            Segment::AboutToSleep => "about-to-sleep",
            Segment::AtRisk => "at-risk",
            Segment::CantLoseThem => "cant-lose-them",
            Segment::Hibernating => "hibernating",
        }
    }

    /// The segment's name in words.
    pub fn name(self) -> &'static str {
        match self {
            Segment::Champions => "Champions",
            Segment::Loyal => "Loyal",
            Segment::PotentialLoyalists => "Potential loyalists",
            Segment::New => "New",
            Segment::Promising => "Promising",
            Segment::NeedAttention => "Need attention",
            Segment::AboutToSleep => "About to sleep",
            Segment::AtRisk => "At risk",
            Segment::CantLoseThem => "Can't lose them",
            Segment::Hibernating => "Hibernating",
        }
    }

    /// The suggested next best action.
    pub fn action(self) -> &'static str {
        match self {
            Segment::Champions => "Reward them: early access, loyalty perks; ask for reviews and referrals.",
            Segment::Loyal => "Upsell higher-value products; invite them to a loyalty programme.",
            Segment::PotentialLoyalists => "Offer membership or a loyalty programme; recommend related products.",
            Segment::New => "Onboard them well: a welcome series and early support.",
            Segment::Promising => "Build the relationship: a time-limited offer for a second purchase.",
            Segment::NeedAttention => "Reactivate with a personalised offer before they slip.",
            Segment::AboutToSleep => "Win them back with popular products and a limited discount.",
            Segment::AtRisk => "Send personalised win-back messages and offers; ask what went wrong.",
            Segment::CantLoseThem => "Contact them personally; win them back with your best offer.",
            Segment::Hibernating => "Try a low-cost reactivation; otherwise spend little on them.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_are_balanced_and_ties_share() {
        let v: Vec<f64> = (0..100).map(f64::from).collect();
        let s = quintiles(&v, true);
        for q in 1..=5 {
            assert_eq!(s.iter().filter(|&&x| x == q).count(), 20);
        }
        assert_eq!((s[0], s[99]), (1, 5));
        assert_eq!(quintiles(&v, false)[0], 5, "lower is better: the smallest scores 5");
        let ties = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quintiles(&ties, true), vec![1, 1, 1, 1, 1, 1, 4, 4, 5, 5]);
        assert!(quintiles(&[], true).is_empty());
    }

    #[test]
    fn every_r_f_pair_has_the_segment_of_formulas_13() {
        use Segment::*;
        let table = [
            (5, 5, Champions),
            (5, 4, Champions),
            (4, 5, Loyal),
            (3, 4, Loyal),
            (4, 3, PotentialLoyalists),
            (5, 2, PotentialLoyalists),
            (5, 1, New),
            (4, 1, Promising),
            (3, 3, NeedAttention),
            (3, 2, AboutToSleep),
            (3, 1, AboutToSleep),
            (2, 4, AtRisk),
            (1, 3, AtRisk),
            (2, 5, CantLoseThem),
            (1, 5, CantLoseThem),
            (2, 2, Hibernating),
            (1, 1, Hibernating),
        ];
        for (r, f, s) in table {
            assert_eq!(Segment::of(r, f), s, "R {r} F {f}");
        }
        for r in 1..=5 {
            for f in 1..=5 {
                let s = Segment::of(r, f);
                assert!(!s.action().is_empty() && !s.name().is_empty());
            }
        }
    }
}
