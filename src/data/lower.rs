//! Lowercasing for the column names (`reader::normal`), equal to `char::to_lowercase` for
//! every char, from a table of 185 runs (1.5 KB) instead of the standard library's table of
//! 1,434 single mappings (11.5 KB of the analysis wasm; issue 12). A run is a stretch of
//! chars, every one or every second, whose lowercase is the char plus one delta. The test
//! below compares every char with `char::to_lowercase` and prints the table anew when a Rust
//! release moves to another Unicode version.

/// Each run as (start | (count - 1) << 21 | (stride - 1) << 28, delta), by start.
#[rustfmt::skip]
const RUNS: &[(u32, i32)] = &[
    (0x3200041, 32), (0x2c000c0, 32), (0xc000d8, 32), (0x12e00100, 1), (0x10400132, 1),
    (0x10e00139, 1), (0x12c0014a, 1), (0x178, -121), (0x10400179, 1), (0x181, 210), (0x10200182, 1),
    (0x186, 206), (0x187, 1), (0x200189, 205), (0x18b, 1), (0x18e, 79), (0x18f, 202), (0x190, 203),
    (0x191, 1), (0x193, 205), (0x194, 207), (0x196, 211), (0x197, 209), (0x198, 1), (0x19c, 211),
    (0x19d, 213), (0x19f, 214), (0x104001a0, 1), (0x1a6, 218), (0x1a7, 1), (0x1a9, 218), (0x1ac, 1),
    (0x1ae, 218), (0x1af, 1), (0x2001b1, 217), (0x102001b3, 1), (0x1b7, 219), (0x1b8, 1),
    (0x1bc, 1), (0x1c4, 2), (0x1c5, 1), (0x1c7, 2), (0x1c8, 1), (0x1ca, 2), (0x110001cb, 1),
    (0x110001de, 1), (0x1f1, 2), (0x102001f2, 1), (0x1f6, -97), (0x1f7, -56), (0x126001f8, 1),
    (0x220, -130), (0x11000222, 1), (0x23a, 10795), (0x23b, 1), (0x23d, -163), (0x23e, 10792),
    (0x241, 1), (0x243, -195), (0x244, 69), (0x245, 71), (0x10800246, 1), (0x10200370, 1),
    (0x376, 1), (0x37f, 116), (0x386, 38), (0x400388, 37), (0x38c, 64), (0x20038e, 63),
    (0x2000391, 32), (0x10003a3, 32), (0x3cf, 8), (0x116003d8, 1), (0x3f4, -60), (0x3f7, 1),
    (0x3f9, -7), (0x3fa, 1), (0x4003fd, -130), (0x1e00400, 80), (0x3e00410, 32), (0x12000460, 1),
    (0x1340048a, 1), (0x4c0, 15), (0x10c004c1, 1), (0x15e004d0, 1), (0x4a00531, 48),
    (0x4a010a0, 7264), (0x10c7, 7264), (0x10cd, 7264), (0x9e013a0, 38864), (0xa013f0, 8),
    (0x1c89, 1), (0x5401c90, -3008), (0x401cbd, -3008), (0x19401e00, 1), (0x1e9e, -7615),
    (0x15e01ea0, 1), (0xe01f08, -8), (0xa01f18, -8), (0xe01f28, -8), (0xe01f38, -8), (0xa01f48, -8),
    (0x10601f59, -8), (0xe01f68, -8), (0xe01f88, -8), (0xe01f98, -8), (0xe01fa8, -8),
    (0x201fb8, -8), (0x201fba, -74), (0x1fbc, -9), (0x601fc8, -86), (0x1fcc, -9), (0x201fd8, -8),
    (0x201fda, -100), (0x201fe8, -8), (0x201fea, -112), (0x1fec, -7), (0x201ff8, -128),
    (0x201ffa, -126), (0x1ffc, -9), (0x2126, -7517), (0x212a, -8383), (0x212b, -8262), (0x2132, 28),
    (0x1e02160, 16), (0x2183, 1), (0x32024b6, 26), (0x5e02c00, 48), (0x2c60, 1), (0x2c62, -10743),
    (0x2c63, -3814), (0x2c64, -10727), (0x10402c67, 1), (0x2c6d, -10780), (0x2c6e, -10749),
    (0x2c6f, -10783), (0x2c70, -10782), (0x2c72, 1), (0x2c75, 1), (0x202c7e, -10815),
    (0x16202c80, 1), (0x10202ceb, 1), (0x2cf2, 1), (0x12c0a640, 1), (0x11a0a680, 1),
    (0x10c0a722, 1), (0x13c0a732, 1), (0x1020a779, 1), (0xa77d, -35332), (0x1080a77e, 1),
    (0xa78b, 1), (0xa78d, -42280), (0x1020a790, 1), (0x1120a796, 1), (0xa7aa, -42308),
    (0xa7ab, -42319), (0xa7ac, -42315), (0xa7ad, -42305), (0xa7ae, -42308), (0xa7b0, -42258),
    (0xa7b1, -42282), (0xa7b2, -42261), (0xa7b3, 928), (0x10e0a7b4, 1), (0xa7c4, -48),
    (0xa7c5, -42307), (0xa7c6, -35384), (0x1020a7c7, 1), (0xa7cb, -42343), (0x10e0a7cc, 1),
    (0xa7dc, -42561), (0xa7f5, 1), (0x320ff21, 32), (0x4e10400, 40), (0x46104b0, 40),
    (0x1410570, 39), (0x1c1057c, 39), (0xc1058c, 39), (0x210594, 39), (0x6410c80, 64),
    (0x2a10d50, 32), (0x3e118a0, 32), (0x3e16e40, 32), (0x3016ea0, 27), (0x421e900, 34),
];

/// Appends `c` lowercased to `out`, as `out.extend(c.to_lowercase())` does.
pub fn push_lower(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let u = c as u32;
    if u == 0x130 {
        // The one char whose lowercase is two: İ, i with a combining dot above.
        out.push_str("i\u{307}");
        return;
    }
    // The last run starting at or before `u`.
    let i = RUNS.partition_point(|&(r, _)| r & 0x1f_ffff <= u);
    if let Some(&(r, delta)) = i.checked_sub(1).and_then(|i| RUNS.get(i)) {
        let (start, count, stride) = (r & 0x1f_ffff, (r >> 21 & 0x7f) + 1, (r >> 28) + 1);
        let k = u - start;
        if k % stride == 0 && k / stride < count {
            if let Some(l) = char::from_u32(u.wrapping_add_signed(delta)) {
                out.push(l);
                return;
            }
        }
    }
    out.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs from `char::to_lowercase`, as `RUNS` writes them.
    fn runs_of_std() -> Vec<(u32, i32)> {
        let maps: Vec<(u32, i32)> = (0..=0x10_ffffu32)
            .filter_map(char::from_u32)
            .filter_map(|c| {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(l), None) if l != c => Some((c as u32, l as i32 - c as i32)),
                    _ => None,
                }
            })
            .collect();
        let mut runs = Vec::new();
        let mut i = 0;
        while i < maps.len() {
            let (start, delta) = maps[i];
            let mut best = (1, 1);
            for stride in [1, 2] {
                let n = maps[i..]
                    .iter()
                    .enumerate()
                    .take_while(|&(n, &(u, d))| n < 128 && u == start + stride * n as u32 && d == delta)
                    .count();
                if n > best.0 {
                    best = (n, stride);
                }
            }
            runs.push((start | (best.0 as u32 - 1) << 21 | (best.1 - 1) << 28, delta));
            i += best.0;
        }
        runs
    }

    #[test]
    fn equals_to_lowercase_for_every_char() {
        let runs = runs_of_std();
        if runs != RUNS {
            let rows: Vec<String> = runs.iter().map(|(r, d)| format!("({r:#x}, {d}),")).collect();
            panic!(
                "char::to_lowercase changed (Unicode {:?}): RUNS should be\n{}",
                char::UNICODE_VERSION,
                rows.join(" ")
            );
        }
        let (mut ours, mut std) = (String::new(), String::new());
        for c in (0..=0x10_ffffu32).filter_map(char::from_u32) {
            (ours.clear(), std.clear());
            push_lower(c, &mut ours);
            std.extend(c.to_lowercase());
            assert_eq!(ours, std, "U+{:04X}", c as u32);
        }
    }
}
