//! Randomness for ids, SMS codes and keys: the system's secure generator, or a seeded
//! deterministic one so a test run can be replayed exactly (`SandboxConfig::seed`).
//!
//! [`SplitMix64`] is the workspace's one seeded generator: the sandbox's seeded stream, the
//! end-to-end soak's fault picks (`swip-e2e`) and the benchmarks' jitter (`swip-bench`) all use it,
//! so a seed replays the same numbers everywhere.

use ring::rand::{SecureRandom, SystemRandom};

/// Where the sandbox's random bytes come from.
#[derive(Debug)]
pub enum RandomSource {
    /// The operating system's generator.
    System(SystemRandom),
    /// SplitMix64 from a seed: deterministic, not secure (a sandbox needs repeatability).
    Seeded(SplitMix64),
}

impl RandomSource {
    /// Seeded when `seed` is given, the system generator otherwise.
    pub fn new(seed: Option<u64>) -> Self {
        match seed {
            Some(seed) => RandomSource::Seeded(SplitMix64::new(seed)),
            None => RandomSource::System(SystemRandom::new()),
        }
    }

    /// Fills `out` with random bytes.
    pub fn fill(&mut self, out: &mut [u8]) {
        match self {
            RandomSource::System(rng) => {
                if rng.fill(out).is_err() {
                    // The OS generator failing is not recoverable in a meaningful way; fall back
                    // to a time-seeded stream rather than panicking inside a request.
                    let mut fallback = RandomSource::new(Some(fallback_seed()));
                    fallback.fill(out);
                }
            }
            RandomSource::Seeded(rng) => {
                for chunk in out.chunks_mut(8) {
                    let value = rng.next_u64().to_le_bytes();
                    chunk.copy_from_slice(&value[..chunk.len()]);
                }
            }
        }
    }

    /// A random 64-bit number.
    pub fn next_u64(&mut self) -> u64 {
        let mut bytes = [0u8; 8];
        self.fill(&mut bytes);
        u64::from_le_bytes(bytes)
    }

    /// A random number in `0..bound` (`bound` > 0), without modulo bias worth caring about here.
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            0
        } else {
            self.next_u64() % bound
        }
    }

    /// A version-4 UUID, lower-case hex with dashes, like the seed's ids.
    pub fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        self.fill(&mut bytes);
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex = hex::encode(bytes);
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }

    /// `digits` random decimal digits.
    pub fn digits(&mut self, digits: u32) -> String {
        (0..digits)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    /// 32 random bytes (keys, secrets).
    pub fn key32(&mut self) -> [u8; 32] {
        let mut key = [0u8; 32];
        self.fill(&mut key);
        key
    }
}

/// SplitMix64: a small seeded generator, deterministic and fast; not for secrets.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed` (any value, 0 included).
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`; 0 when `bound` is 0 (modulo bias is negligible for small bounds).
    pub fn below(&mut self, bound: u64) -> u64 {
        match bound {
            0 => 0,
            _ => self.next_u64() % bound,
        }
    }

    /// One of `items` (not empty).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn fallback_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x5EED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_streams_repeat() {
        let mut a = RandomSource::new(Some(42));
        let mut b = RandomSource::new(Some(42));
        assert_eq!(a.uuid(), b.uuid());
        assert_eq!(a.digits(4), b.digits(4));
        assert_ne!(
            RandomSource::new(Some(1)).uuid(),
            RandomSource::new(Some(2)).uuid()
        );
    }

    #[test]
    fn splitmix64_is_the_reference_stream() {
        // The first outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        let mut bounded = SplitMix64::new(7);
        assert!((0..1000).all(|_| bounded.below(10) < 10));
        assert_eq!(bounded.below(0), 0);
        assert_eq!(bounded.pick(&[5]), 5);
        assert!(!bounded.chance(0) && bounded.chance(100));
    }

    #[test]
    fn uuid_shape() {
        let id = RandomSource::new(None).uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_eq!(id.matches('-').count(), 4);
        let code = RandomSource::new(None).digits(4);
        assert!(code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit()));
    }
}
