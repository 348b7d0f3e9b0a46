//! Loyalty scores: NPS (docs/FORMULAS.md 10) and a weighted customer health score (docs/FORMULAS.md 11).

use crate::input::input;
use crate::output::{output, text_enum};

use crate::check::{amount, between, or, whole};
use crate::error::{Error, ErrorCode, Result};

input! {
    serde:
    /// Input of [`nps`]: counts of answers by group.
    pub struct NpsInput {
        /// Answers of 9 or 10.
        pub promoters: f64 = "promoters",
        /// Answers of 7 or 8.
        pub passives: f64 = "passives",
        /// Answers of 0 to 6.
        pub detractors: f64 = "detractors",
    }
}

output! {
    serde:
    /// Result of [`nps`] and [`nps_from_scores`].
    pub struct NpsResult {
        /// `100 × (promoters − detractors) / responses`, from -100 to 100.
        pub nps: f64 = "nps",
        /// Answers of 9 or 10, as given or counted.
        pub promoters: f64 = "promoters",
        /// Answers of 7 or 8.
        pub passives: f64 = "passives",
        /// Answers of 0 to 6.
        pub detractors: f64 = "detractors",
        /// All answers: `promoters + passives + detractors`.
        pub responses: f64 = "responses",
        /// Shares of all responses, 0 to 1.
        pub promoter_share: f64 = "promoterShare",
        /// Share of passives.
        pub passive_share: f64 = "passiveShare",
        /// Share of detractors.
        pub detractor_share: f64 = "detractorShare",
    }
}

/// Net Promoter Score from counts (docs/FORMULAS.md 10).
pub fn nps(input: &NpsInput) -> Result<NpsResult> {
    let count = |field: &str, v: f64| whole(field, v, 0.0, "must not be negative");
    let promoters = count("promoters", input.promoters)?;
    let passives = count("passives", input.passives)?;
    let detractors = count("detractors", input.detractors)?;
    let responses = promoters + passives + detractors;
    if responses == 0.0 {
        return Err(crate::check::empty(
            "promoters",
            "promoters, passives and detractors add up to 0: NPS needs a response",
        ));
    }
    let responses = crate::metrics::stream::Stream::guard("promoters", responses)?;
    let (promoter_share, detractor_share) = (promoters / responses, detractors / responses);
    Ok(NpsResult {
        nps: 100.0 * (promoter_share - detractor_share),
        promoters,
        passives,
        detractors,
        responses,
        promoter_share,
        passive_share: passives / responses,
        detractor_share,
    })
}

/// Net Promoter Score from the answers themselves: whole numbers from 0 to 10. Errors name
/// the answer: `[3]`.
pub fn nps_from_scores(scores: &[f64]) -> Result<NpsResult> {
    let mut counts = NpsInput::default();
    for (i, &s) in scores.iter().enumerate() {
        let s = whole("", s, 0.0, "")
            .and_then(|s| between("", s, 0.0, 10.0, ""))
            .map_err(|e| Error::new(e.code, "", "the input must be a whole number from 0 to 10").at("", i))?;
        match s as u8 {
            9..=10 => counts.promoters += 1.0,
            7..=8 => counts.passives += 1.0,
            _ => counts.detractors += 1.0,
        }
    }
    if scores.is_empty() {
        return Err(crate::check::empty("", "NPS needs at least one answer"));
    }
    nps(&counts)
}

input! {
    serde:
    /// One named part of a health score.
    pub struct HealthPart {
        /// The part's name, as it should be shown (`usage`, `nps`, `support` ...).
        pub name: String = "name",
        /// Relative weight, not negative; weights need not add up to 1.
        pub weight: f64 = "weight",
        /// 0 to 100.
        pub score: f64 = "score",
    }
}

input! {
    serde:
    /// Where the tiers start (defaults 80 / 60 / 40); must descend.
    pub struct HealthThresholds {
        /// Score from which a customer is `healthy`, 0 to 100 (default 80).
        pub healthy: Option<f64> = "healthy",
        /// Score from which a customer is `neutral`, 0 to 100 (default 60).
        pub neutral: Option<f64> = "neutral",
        /// Score from which a customer is `at-risk`, 0 to 100 (default 40); below it, `critical`.
        pub at_risk: Option<f64> = "atRisk",
    }
}

input! {
    serde:
    /// Input of [`health_score`].
    pub struct HealthInput {
        /// The named scores, at least one with a weight above 0.
        pub parts: Vec<HealthPart> = "parts",
        /// Where the tiers start; absent for the defaults 80 / 60 / 40.
        pub thresholds: Option<HealthThresholds> = "thresholds",
    }
}

text_enum! {
    serde:
    /// The tier of a health score.
    pub enum HealthTier {
        /// At or above `healthy` (80).
        Healthy = "healthy",
        /// At or above `neutral` (60).
        Neutral = "neutral",
        /// At or above `atRisk` (40).
        AtRisk = "at-risk",
        /// Below `atRisk`.
        Critical = "critical",
    }
}

output! {
    serde:
    /// A part of [`HealthResult`] with its share of the score.
    pub struct HealthPartResult {
        /// The part's name, as given.
        pub name: String = "name",
        /// Its weight, as given.
        pub weight: f64 = "weight",
        /// Its score, 0 to 100, as given.
        pub score: f64 = "score",
        /// Points this part adds to the score: `score × weight / Σ weight`.
        pub contribution: f64 = "contribution",
    }
}

output! {
    serde:
    /// Result of [`health_score`].
    pub struct HealthResult {
        /// Weighted mean of the parts' scores, 0 to 100.
        pub score: f64 = "score",
        /// The tier of `score` by the thresholds (docs/FORMULAS.md 11).
        pub tier: HealthTier = "tier",
        /// Every part, in the order given, with its contribution.
        pub parts: Vec<HealthPartResult> = "parts",
    }
}

/// Customer health: the weighted mean of named 0-100 scores, and its tier (docs/FORMULAS.md 11).
pub fn health_score(input: &HealthInput) -> Result<HealthResult> {
    if input.parts.is_empty() {
        return Err(crate::check::empty("parts", "parts needs at least one entry"));
    }
    let mut parts = Vec::with_capacity(input.parts.len());
    for (i, p) in input.parts.iter().enumerate() {
        let part = (|| {
            if p.name.chars().all(char::is_whitespace) {
                return Err(Error::new(ErrorCode::Missing, "name", "name must not be empty"));
            }
            let weight = amount("weight", p.weight)?;
            let score = between("score", p.score, 0.0, 100.0, "must be between 0 and 100")?;
            Ok(HealthPartResult { name: p.name.clone(), weight, score, contribution: 0.0 })
        })()
        .map_err(|e: Error| e.within("parts").at("parts", i))?;
        parts.push(part);
    }
    let total_weight: f64 = parts.iter().map(|p| p.weight).sum();
    if total_weight == 0.0 || !total_weight.is_finite() {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            "parts",
            "parts: the weights must add up to more than 0 (and stay finite)",
        ));
    }
    for p in &mut parts {
        p.contribution = p.score * (p.weight / total_weight);
    }
    let score = parts.iter().map(|p| p.contribution).sum::<f64>().clamp(0.0, 100.0);

    let t = input.thresholds.clone().unwrap_or_default();
    let limit = |field: &str, v: Option<f64>, default: f64| {
        or(v, default, |v| between(field, v, 0.0, 100.0, "must be between 0 and 100"))
    };
    let healthy = limit("thresholds.healthy", t.healthy, 80.0)?;
    let neutral = limit("thresholds.neutral", t.neutral, 60.0)?;
    let at_risk = limit("thresholds.atRisk", t.at_risk, 40.0)?;
    if !(healthy >= neutral && neutral >= at_risk) {
        return Err(Error::new(
            ErrorCode::OutOfRange,
            "thresholds",
            "thresholds must descend: healthy ≥ neutral ≥ atRisk",
        ));
    }
    let tier = if score >= healthy {
        HealthTier::Healthy
    } else if score >= neutral {
        HealthTier::Neutral
    } else if score >= at_risk {
        HealthTier::AtRisk
    } else {
        HealthTier::Critical
    };
    Ok(HealthResult { score, tier, parts })
}
