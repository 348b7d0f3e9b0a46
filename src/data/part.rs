//! The bytes a partial aggregate travels in (from one worker to another, or to the reader that
//! read the file's first part): LEB128 varints, zigzag for signed numbers, length-prefixed
//! byte strings. Written and read only by this crate's own code (`Reader::writing_part`,
//! `Reader::begin_merge`); a reader that finds anything else says so (`None`).

/// Bytes being written.
#[derive(Default)]
pub struct Out(pub Vec<u8>);

impl Out {
    /// An unsigned number.
    #[inline(never)]
    pub fn u(&mut self, mut x: u64) {
        while x >= 0x80 {
            self.0.push(x as u8 | 0x80);
            x >>= 7;
        }
        self.0.push(x as u8);
    }
    /// A signed number.
    #[inline(never)]
    pub fn i(&mut self, x: i64) {
        self.u(((x << 1) ^ (x >> 63)) as u64);
    }
    /// A byte string.
    #[inline(never)]
    pub fn bytes(&mut self, b: &[u8]) {
        self.u(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    /// A float, bit for bit.
    #[inline(never)]
    pub fn f(&mut self, x: f64) {
        self.0.extend_from_slice(&x.to_bits().to_le_bytes());
    }
}

/// Bytes being read.
pub struct In<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> In<'a> {
    /// Reads `bytes` from the start.
    pub fn new(bytes: &'a [u8]) -> Self {
        In { bytes, at: 0 }
    }
    /// Reads `bytes` from byte `at` on (where an earlier reader stopped, [`In::position`]).
    pub fn resume(bytes: &'a [u8], at: usize) -> Self {
        In { bytes, at: at.min(bytes.len()) }
    }
    /// The next byte to read.
    pub fn position(&self) -> usize {
        self.at
    }
    /// True when every byte was read.
    pub fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
    /// An unsigned number.
    pub fn u(&mut self) -> Option<u64> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            x |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Some(x);
            }
        }
        None
    }
    /// An unsigned number that fits a u32.
    #[inline(never)]
    pub fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.u()?).ok()
    }
    /// A signed number.
    pub fn i(&mut self) -> Option<i64> {
        let x = self.u()?;
        Some((x >> 1) as i64 ^ -((x & 1) as i64))
    }
    /// A signed number that fits an i32.
    #[inline(never)]
    pub fn i32(&mut self) -> Option<i32> {
        i32::try_from(self.i()?).ok()
    }
    /// A byte string.
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u()?).ok()?;
        let end = self.at.checked_add(n)?;
        let b = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(b)
    }
    /// A float.
    pub fn f(&mut self) -> Option<f64> {
        let b = self.bytes.get(self.at..self.at + 8)?;
        self.at += 8;
        Some(f64::from_bits(u64::from_le_bytes(b.try_into().ok()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_bytes_read_back() {
        let mut o = Out::default();
        let signed = [0i64, 1, -1, 63, -64, 64, i32::MIN as i64, i32::MAX as i64, i64::MIN, i64::MAX];
        for &x in &signed {
            o.i(x);
        }
        o.u(u64::MAX);
        o.bytes(b"C0001");
        o.f(f64::NAN);
        o.f(-2.5);
        let mut r = In::new(&o.0);
        for &x in &signed {
            assert_eq!(r.i(), Some(x));
        }
        assert_eq!(r.u(), Some(u64::MAX));
        assert_eq!(r.bytes(), Some(&b"C0001"[..]));
        assert!(r.f().unwrap().is_nan());
        assert_eq!(r.f(), Some(-2.5));
        assert!(r.done());
        assert_eq!(r.u(), None);
    }
}
