//! The wasm boundary itself (src/wasm.rs), run inside wasm by wasm-bindgen-test
//! (`wasm-pack test --node`): input tapes written as js/shared/runtime.js writes them, result tapes
//! read as it reads them, and garbage tapes that must never trap.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

use kundenwert::wasm as boundary;
use wasm_bindgen_test::wasm_bindgen_test;

/// An input value, encoded the way js/shared/runtime.js does.
enum V<'a> {
    Num(f64),
    Absent,
    Text(&'a str),
    Bool(bool),
    List(Vec<V<'a>>),
    Obj(Vec<(&'a str, V<'a>)>),
}

fn encode(v: &V, slots: &mut Vec<f64>, bytes: &mut Vec<u8>) {
    let text = |s: &str, slots: &mut Vec<f64>, bytes: &mut Vec<u8>| {
        slots.extend([bytes.len() as f64, s.len() as f64]);
        bytes.extend_from_slice(s.as_bytes());
    };
    match v {
        V::Num(x) => slots.extend([1.0, *x]),
        V::Absent => slots.push(2.0),
        V::Text(s) => {
            slots.push(3.0);
            text(s, slots, bytes);
        }
        V::Bool(b) => slots.extend([4.0, *b as u8 as f64]),
        V::List(items) => {
            let head = slots.len();
            slots.extend([6.0, items.len() as f64, 0.0]);
            for item in items {
                encode(item, slots, bytes);
            }
            slots[head + 2] = (slots.len() - head - 3) as f64;
        }
        V::Obj(entries) => {
            let head = slots.len();
            slots.extend([7.0, entries.len() as f64, 0.0]);
            for (key, value) in entries {
                text(key, slots, bytes);
                encode(value, slots, bytes);
            }
            slots[head + 2] = (slots.len() - head - 3) as f64;
        }
    }
}

/// Copies a raw tape into the input buffer; returns the length to pass to an export.
fn write_raw(slots: &[f64], bytes: &[u8]) -> u32 {
    let header = boundary::input_buffer(slots.len() as u32, bytes.len() as u32) as *const u32;
    // SAFETY: input_buffer returns the address of a 4-word header describing buffers of at
    // least the requested sizes; nothing else touches them until the next export call.
    unsafe {
        let h = std::slice::from_raw_parts(header, 4);
        std::ptr::copy_nonoverlapping(slots.as_ptr(), h[0] as *mut f64, slots.len());
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), h[2] as *mut u8, bytes.len());
    }
    slots.len() as u32
}

fn write(v: &V) -> u32 {
    let (mut slots, mut bytes) = (Vec::new(), Vec::new());
    encode(v, &mut slots, &mut bytes);
    write_raw(&slots, &bytes)
}

/// A result tape, read the way js/shared/runtime.js reads it: (status, top-level fields as text).
struct Result {
    ok: bool,
    numbers: Vec<(String, f64)>,
    texts: Vec<(String, String)>,
    lists: Vec<(String, usize)>,
}

fn read(header: u32) -> Result {
    // SAFETY: exports return the address of a header `[slots, len, text, status]` describing
    // a tape in linear memory that stays valid until the next export call.
    unsafe {
        let h = std::slice::from_raw_parts(header as *const u32, 4);
        let slots = std::slice::from_raw_parts(h[0] as *const f64, h[1] as usize);
        let text_base = h[2] as *const u8;
        let s = |ptr: f64, len: f64| {
            String::from_utf8(std::slice::from_raw_parts(ptr as usize as *const u8, len as usize).to_vec()).unwrap()
        };
        let mut out = Result { ok: h[3] == 0, numbers: vec![], texts: vec![], lists: vec![] };
        let (mut i, mut depth) = (0, 0);
        while i < slots.len() {
            let op = slots[i] as u8;
            if op == 3 || op == 4 {
                depth = if op == 3 { depth + 1 } else { depth - 1 };
                i += 1;
                continue;
            }
            let key = s(slots[i + 1], slots[i + 2]);
            i += 3;
            let top = depth == 0;
            match op {
                1 | 2 => depth += 1,
                5 => {
                    if top {
                        out.numbers.push((key, slots[i]));
                    }
                    i += 1;
                }
                6 => {}
                7 => {
                    let from = text_base.add(slots[i] as usize);
                    let t =
                        String::from_utf8(std::slice::from_raw_parts(from, slots[i + 1] as usize).to_vec()).unwrap();
                    if top {
                        out.texts.push((key, t));
                    }
                    i += 2;
                }
                8 => {
                    if top {
                        out.texts.push((key, s(slots[i], slots[i + 1])));
                    }
                    i += 2;
                }
                9 => {
                    let n = slots[i] as usize;
                    if top {
                        out.lists.push((key, n));
                    }
                    i += 1 + n;
                }
                _ => panic!("unknown op {op}"),
            }
        }
        out
    }
}

impl Result {
    fn number(&self, key: &str) -> f64 {
        self.numbers.iter().find(|(k, _)| k == key).map(|(_, v)| *v).expect(key)
    }
    fn text(&self, key: &str) -> &str {
        self.texts.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).expect(key)
    }
}

#[wasm_bindgen_test]
fn a_result_crosses_as_a_tape() {
    let input = V::Obj(vec![("arpa", V::Num(100.0)), ("churnRate", V::Num(0.05)), ("grossMargin", V::Num(0.8))]);
    let r = read(boundary::clv_subscription(write(&input)));
    assert!(r.ok);
    assert_eq!(r.number("clv"), 1600.0);
    assert_eq!(r.number("expectedLifetime"), 20.0);
    assert_eq!(r.number("periodMargin"), 80.0);
}

#[wasm_bindgen_test]
fn an_error_crosses_as_code_field_and_message() {
    let input = V::Obj(vec![("arpa", V::Num(100.0)), ("churnRate", V::Text("5 %"))]);
    let r = read(boundary::clv_subscription(write(&input)));
    assert!(!r.ok);
    assert_eq!(r.text("code"), "not_a_number");
    assert_eq!(r.text("field"), "churnRate");
    assert_eq!(r.text("message"), "churnRate must be a number, not text");

    let input = V::Obj(vec![("arpa", V::Num(100.0)), ("churnRate", V::Num(0.05)), ("grossMargn", V::Num(0.8))]);
    let r = read(boundary::clv_subscription(write(&input)));
    assert_eq!((r.text("code"), r.text("field")), ("unknown_field", "grossMargn"));

    let r = read(boundary::clv_subscription(write(&V::Obj(vec![("arpa", V::Bool(true))]))));
    assert_eq!((r.text("code"), r.text("field")), ("not_a_number", "arpa"));
}

#[wasm_bindgen_test]
fn lists_labels_and_text_cross_both_ways() {
    let channel = |name, spend: f64| {
        V::Obj(vec![
            ("channel", V::Text(name)),
            ("spend", V::Num(spend)),
            ("newCustomers", V::Num(10.0)),
            ("clv", V::Num(1000.0)),
        ])
    };
    let r =
        read(boundary::cac_by_channel(write(&V::List(vec![channel("Messe München", 5000.0), channel("SEO", 500.0)]))));
    assert!(r.ok);
    let r = read(boundary::nps(write(&V::List(vec![V::Num(10.0), V::Num(0.0), V::Num(9.0), V::Absent]))));
    assert!(!r.ok, "an absent answer is an error");
    assert_eq!((r.text("code"), r.text("field")), ("missing", "[3]"));
    let r = read(boundary::ltv_cac(write(&V::Obj(vec![("clv", V::Num(1600.0)), ("cac", V::Num(400.0))]))));
    assert_eq!(r.text("band"), "healthy");
    let r = read(boundary::clv_subscription(write(&V::Obj(vec![("arpa", V::Num(1.0)), ("churnRate", V::Num(0.5))]))));
    assert_eq!(r.lists.len(), 0, "the series is nested in an object, not at the top");
}

#[wasm_bindgen_test]
fn the_buffers_grow_and_are_reused() {
    let answers: Vec<V> = (0..50_000).map(|i| V::Num((i % 11) as f64)).collect();
    let r = read(boundary::nps(write(&V::List(answers))));
    assert!(r.ok);
    assert_eq!(r.number("responses"), 50_000.0);
    let small = V::Obj(vec![("spend", V::Num(10.0)), ("newCustomers", V::Num(5.0))]);
    assert_eq!(read(boundary::cac(write(&small))).number("cac"), 2.0);
}

#[wasm_bindgen_test]
fn truncated_and_garbage_tapes_never_trap() {
    // A valid input cut short at every length: absent fields, never a trap.
    let input = V::Obj(vec![("arpa", V::Num(100.0)), ("churnRate", V::Num(0.05)), ("horizon", V::Num(12.0))]);
    let (mut slots, mut bytes) = (Vec::new(), Vec::new());
    encode(&input, &mut slots, &mut bytes);
    // Slots: [7 3 span | key 1 100 | key 1 0.05 | key 1 12]: arpa and churnRate are whole
    // from 11 slots on.
    for len in 0..slots.len() {
        write_raw(&slots, &bytes);
        let r = read(boundary::clv_subscription(len as u32));
        // Cut inside a key, the key is unknown; cut inside a value, the value is absent.
        assert!(len >= 11 || !r.ok, "a tape cut at {len} slots cannot be complete");
        if r.ok {
            assert_eq!(r.number("clv"), 2000.0);
        }
    }
    // Random slots (ops, counts, spans, NaN, huge values) and bytes (invalid UTF-8): every
    // export answers with a result or an error.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let specials = [f64::NAN, f64::INFINITY, -1.0, 1e300, 4e9, 0.5];
    for _ in 0..3000 {
        let n = (next() % 40) as usize;
        let slots: Vec<f64> = (0..n)
            .map(|_| match next() % 4 {
                0 => (next() % 10) as f64,
                1 => (next() % 60) as f64,
                2 => specials[(next() % specials.len() as u64) as usize],
                _ => f64::from_bits(next()),
            })
            .collect();
        let bytes: Vec<u8> = (0..(next() % 16)).map(|_| next() as u8).collect();
        let len = write_raw(&slots, &bytes);
        for export in [
            boundary::clv_simple,
            boundary::clv_subscription,
            boundary::tcv,
            boundary::health_score,
            boundary::cac_by_channel,
            boundary::nps,
        ] {
            read(export(len));
        }
    }
}

/// A fixed-seed xorshift, for orders and positions (tests/seeded's seeds are for proptest).
fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

/// TCV's 15 fields as a caller writes them, and the same input for the crate's own `tcv`.
fn tcv_fields() -> (Vec<(&'static str, f64)>, kundenwert::TcvInput) {
    let fields = vec![
        ("arpa", 100.0),
        ("churnRate", 0.05),
        ("grossMargin", 0.8),
        ("expansionRate", 0.01),
        ("discountRate", 0.01),
        ("horizon", 60.0),
        ("referralsPerCustomer", 0.5),
        ("valuePerReferral", 400.0),
        ("acquisitionCost", 500.0),
        ("onboardingCost", 150.0),
        ("serviceCost", 5.0),
        ("accountManagementCost", 3.0),
        ("retentionCost", 1.0),
        ("dunningCost", 0.5),
        ("upgradeCost", 0.25),
    ];
    let input = kundenwert::TcvInput {
        arpa: 100.0,
        churn_rate: 0.05,
        gross_margin: Some(0.8),
        expansion_rate: Some(0.01),
        discount_rate: Some(0.01),
        horizon: Some(60.0),
        referrals_per_customer: Some(0.5),
        value_per_referral: Some(400.0),
        acquisition_cost: Some(500.0),
        onboarding_cost: Some(150.0),
        service_cost: Some(5.0),
        account_management_cost: Some(3.0),
        retention_cost: Some(1.0),
        dunning_cost: Some(0.5),
        upgrade_cost: Some(0.25),
    };
    (fields, input)
}

fn shuffle<T>(items: &mut [T], next: &mut impl FnMut() -> u64) {
    for i in (1..items.len()).rev() {
        items.swap(i, (next() % (i as u64 + 1)) as usize);
    }
}

// Fields are found by name through a per-object index (src/wasm.rs `Index`): in any order,
// each field reads its own value, as the crate computes from the same input.
#[wasm_bindgen_test]
fn fields_in_any_order_read_their_own_values() {
    let (fields, input) = tcv_fields();
    let expected = kundenwert::tcv(&input).unwrap();
    // TCV by hand (docs/FORMULAS.md 8): the crate's figure is the one the tape must give.
    assert!(expected.tcv.is_finite() && expected.parts.referrals == 200.0 && expected.cost_to_serve_per_period == 9.75);
    let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
    for _ in 0..200 {
        let mut order = fields.clone();
        shuffle(&mut order, &mut next);
        let tape = V::Obj(order.iter().map(|&(k, v)| (k, V::Num(v))).collect());
        let r = read(boundary::tcv(write(&tape)));
        assert!(r.ok, "order {:?}", order.iter().map(|f| f.0).collect::<Vec<_>>());
        assert_eq!(r.number("tcv"), expected.tcv);
        assert_eq!(r.number("costToServePerPeriod"), 9.75);
        assert_eq!(r.number("costWeight"), expected.cost_weight);
    }
    // Only some fields, in any order: the rest are absent (their defaults).
    for n in 2..fields.len() {
        let mut order = fields[..n].to_vec();
        shuffle(&mut order, &mut next);
        let tape = V::Obj(order.iter().map(|&(k, v)| (k, V::Num(v))).collect());
        let mut partial = kundenwert::TcvInput { arpa: 100.0, churn_rate: 0.05, ..Default::default() };
        let all = tcv_fields().1;
        for &(k, _) in &fields[2..n] {
            match k {
                "grossMargin" => partial.gross_margin = all.gross_margin,
                "expansionRate" => partial.expansion_rate = all.expansion_rate,
                "discountRate" => partial.discount_rate = all.discount_rate,
                "horizon" => partial.horizon = all.horizon,
                "referralsPerCustomer" => partial.referrals_per_customer = all.referrals_per_customer,
                "valuePerReferral" => partial.value_per_referral = all.value_per_referral,
                "acquisitionCost" => partial.acquisition_cost = all.acquisition_cost,
                "onboardingCost" => partial.onboarding_cost = all.onboarding_cost,
                "serviceCost" => partial.service_cost = all.service_cost,
                "accountManagementCost" => partial.account_management_cost = all.account_management_cost,
                "retentionCost" => partial.retention_cost = all.retention_cost,
                "dunningCost" => partial.dunning_cost = all.dunning_cost,
                _ => unreachable!("{k}"),
            }
        }
        let r = read(boundary::tcv(write(&tape)));
        assert_eq!(r.number("tcv"), kundenwert::tcv(&partial).unwrap().tcv, "first {n} fields");
    }
}

#[wasm_bindgen_test]
fn an_unknown_field_is_named_wherever_it_stands() {
    let (fields, _) = tcv_fields();
    for at in 0..=fields.len() {
        let mut entries: Vec<(&str, V)> = fields.iter().map(|&(k, v)| (k, V::Num(v))).collect();
        entries.insert(at, ("serviceCosts", V::Num(5.0)));
        let r = read(boundary::tcv(write(&V::Obj(entries))));
        assert!(!r.ok);
        assert_eq!((r.text("code"), r.text("field")), ("unknown_field", "serviceCosts"), "at {at}");
        assert!(r.text("message").starts_with("serviceCosts is not a known field: expected one of arpa, churnRate,"));
    }
    // Two unknown fields: the first on the tape is named.
    let tape = V::Obj(vec![("arpa", V::Num(1.0)), ("zeta", V::Num(1.0)), ("churnRate", V::Num(0.1)), ("alpha", V::Num(1.0))]);
    assert_eq!(read(boundary::clv_subscription(write(&tape))).text("field"), "zeta");
    // Many distinct keys (40, more than the earlier per-object index held): the first unknown is named.
    let names: Vec<String> = (0..40).map(|i| format!("extra{i}")).collect();
    let mut entries: Vec<(&str, V)> = vec![("arpa", V::Num(100.0)), ("churnRate", V::Num(0.05))];
    entries.extend(names.iter().map(|n| (n.as_str(), V::Num(1.0))));
    let r = read(boundary::clv_subscription(write(&V::Obj(entries))));
    assert_eq!((r.text("code"), r.text("field")), ("unknown_field", "extra0"));
    // A key that is not UTF-8 is unknown (named as the empty text), never a known field.
    let (mut slots, mut bytes) = (Vec::new(), Vec::new());
    encode(&V::Obj(vec![("arpa", V::Num(100.0)), ("churnRate", V::Num(0.05)), ("x", V::Num(1.0))]), &mut slots, &mut bytes);
    *bytes.last_mut().unwrap() = 0xff;
    let r = read(boundary::clv_subscription(write_raw(&slots, &bytes)));
    assert_eq!((r.text("code"), r.text("field")), ("unknown_field", ""));
}

#[wasm_bindgen_test]
fn wrong_and_missing_fields_are_named_as_before() {
    let (fields, _) = tcv_fields();
    // Each field in turn of the wrong kind, or left out, at its place among the others.
    for (i, &(name, _)) in fields.iter().enumerate() {
        let entries = |value: Option<V<'static>>| -> V<'static> {
            let mut e: Vec<(&str, V)> = Vec::new();
            for (j, &(k, v)) in fields.iter().enumerate() {
                if j != i {
                    e.push((k, V::Num(v)));
                }
            }
            if let Some(value) = value {
                e.insert(i, (name, value));
            }
            V::Obj(e)
        };
        let r = read(boundary::tcv(write(&entries(Some(V::Text("5"))))));
        assert_eq!((r.text("code"), r.text("field")), ("not_a_number", name));
        assert_eq!(r.text("message"), format!("{name} must be a number, not text"));
        let r = read(boundary::tcv(write(&entries(None))));
        if name == "arpa" || name == "churnRate" {
            assert_eq!((r.text("code"), r.text("field")), ("missing", name));
            assert_eq!(r.text("message"), format!("{name} is required"));
        } else {
            assert!(r.ok, "{name} is optional");
        }
    }
}

#[wasm_bindgen_test]
fn a_repeated_key_reads_its_first_value() {
    // JS objects cannot repeat a key, but a tape can: the first entry counts, as it always did.
    let tape = V::Obj(vec![("arpa", V::Num(100.0)), ("churnRate", V::Num(0.05)), ("arpa", V::Num(50.0))]);
    assert_eq!(read(boundary::clv_subscription(write(&tape))).number("clv"), 2000.0);
}

#[wasm_bindgen_test]
fn nested_objects_read_their_own_fields() {
    // Six parts, each with its keys in another order than declared, then thresholds on the
    // root after them: every part reads its own fields, the root its own.
    let parts: Vec<(String, f64, f64)> = (0..6).map(|i| (format!("part{i}"), 1.0 + i as f64, 40.0 + 10.0 * i as f64)).collect();
    let tape = |thresholds: V<'static>| {
        V::Obj(vec![
            (
                "parts",
                V::List(
                    parts
                        .iter()
                        .map(|(n, w, s)| {
                            // leak: the test's V borrows its texts
                            let n: &'static str = Box::leak(n.clone().into_boxed_str());
                            V::Obj(vec![("score", V::Num(*s)), ("name", V::Text(n)), ("weight", V::Num(*w))])
                        })
                        .collect(),
                ),
            ),
            ("thresholds", thresholds),
        ])
    };
    let input = kundenwert::HealthInput {
        parts: parts
            .iter()
            .map(|(n, w, s)| kundenwert::HealthPart { name: n.clone(), weight: *w, score: *s })
            .collect(),
        thresholds: Some(kundenwert::HealthThresholds { healthy: Some(80.0), neutral: Some(60.0), at_risk: None }),
    };
    let expected = kundenwert::health_score(&input).unwrap();
    // Σ w·s / Σ w = (1·40 + 2·50 + 3·60 + 4·70 + 5·80 + 6·90) / 21 = 1540 / 21 (docs/FORMULAS.md 11)
    assert!((expected.score - 1540.0 / 21.0).abs() < 1e-12);
    let r = read(boundary::health_score(write(&tape(V::Obj(vec![("neutral", V::Num(60.0)), ("healthy", V::Num(80.0))])))));
    assert!(r.ok);
    assert_eq!(r.number("score"), expected.score);
    assert_eq!(r.text("tier"), "neutral");
    let r = read(boundary::health_score(write(&tape(V::Obj(vec![("neutral", V::Num(60.0)), ("helthy", V::Num(80.0))])))));
    assert_eq!((r.text("code"), r.text("field")), ("unknown_field", "thresholds.helthy"));
}
