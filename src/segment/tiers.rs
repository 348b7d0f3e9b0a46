//! Value tiers, ABC by Pareto (docs/FORMULAS.md 12): customers sorted by value; A holds the
//! customers who make up the first `a` share of the value (80 %), B the next `b` (15 %), C the
//! rest. A customer is in A when the value of the customers before it is below the A share:
//! the customer who crosses the line belongs to A.

/// The tier of each customer: 0 for A, 1 for B, 2 for C. Customers without positive value are
/// always C; with no positive value at all, everyone is C.
pub fn abc(values: &[f64], a: f64, b: f64) -> Vec<u8> {
    let total: f64 = values.iter().filter(|v| **v > 0.0).sum();
    let order = crate::segment::rfm::ascending(values, true); // most valuable first
    let mut tiers = vec![2u8; values.len()];
    let mut before = 0.0;
    for &(_, i) in &order {
        let v = values[i as usize];
        if v <= 0.0 || total <= 0.0 {
            break;
        }
        // The shares as value, a hair below, so that 80 % + 15 % = 95 % exactly on the line
        // is past it despite rounding.
        let (line_a, line_b) = (a * total * (1.0 - 1e-12), (a + b) * total * (1.0 - 1e-12));
        tiers[i as usize] = if before < line_a {
            0
        } else if before < line_b {
            1
        } else {
            2
        };
        before += v;
    }
    tiers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pareto_tiers() {
        // Values 50, 30, 10, 5, 3, 2 (total 100): before them 0, 50, 80, 90, 95, 98 %.
        let v = [10.0, 50.0, 3.0, 30.0, 2.0, 5.0];
        assert_eq!(abc(&v, 0.8, 0.15), vec![1, 0, 2, 0, 2, 1]);
        assert_eq!(abc(&[0.0, -5.0, 10.0], 0.8, 0.15), vec![2, 2, 0]);
        assert_eq!(abc(&[0.0, 0.0], 0.8, 0.15), vec![2, 2]);
    }
}
