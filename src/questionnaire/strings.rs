//! [`Str`], the questionnaire's strings. A built-in's are borrowed from the model
//! compiled into the binary, so loading it copies no text: decoding its 50 KB of
//! strings into 860 allocations was an eighth of scoring one file (#18). A
//! questionnaire read from a file owns its strings.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

/// A questionnaire string: reads as a `&str` wherever one is wanted.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Str(Cow<'static, str>);

impl Str {
    /// Text that lives as long as the program (a built-in's), borrowed, not copied.
    pub const fn from_static(s: &'static str) -> Str {
        Str(Cow::Borrowed(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Hashes and compares as the `str` it holds, so maps keyed by `Str` are looked up by
/// `&str`.
impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str(Cow::Owned(s))
    }
}

impl From<&String> for Str {
    fn from(s: &String) -> Str {
        Str(Cow::Owned(s.clone()))
    }
}

/// A copy: only [`Str::from_static`] borrows.
impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str(Cow::Owned(s.to_owned()))
    }
}

impl From<Str> for String {
    fn from(s: Str) -> String {
        s.0.into_owned()
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Str> for String {
    fn eq(&self, other: &Str) -> bool {
        **self == *other.0
    }
}

impl Serialize for Str {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Only from data that lives as long as the program: the built-ins' compiled models,
/// whose strings are then borrowed. Nothing else deserialises a validated
/// questionnaire (files are read into `schema` types and validated).
impl Deserialize<'static> for Str {
    fn deserialize<D: Deserializer<'static>>(d: D) -> Result<Str, D::Error> {
        struct Visit;
        impl de::Visitor<'static> for Visit {
            type Value = Str;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'static str) -> Result<Str, E> {
                Ok(Str::from_static(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str, E> {
                Ok(Str::from(v))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str, E> {
                Ok(Str::from(v))
            }
        }
        d.deserialize_str(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn reads_compares_and_hashes_as_its_text() {
        let owned = Str::from(String::from("lead"));
        let borrowed = Str::from_static("lead");
        assert_eq!(owned, borrowed);
        assert_eq!(owned, "lead");
        assert_eq!("lead", borrowed);
        assert_eq!(String::from("lead"), borrowed);
        assert_ne!(owned, Str::from("leads"));
        assert_eq!(format!("[{owned:>6}] {borrowed:?}"), "[  lead] \"lead\"");
        let map: HashMap<Str, usize> = [(borrowed, 1)].into_iter().collect();
        assert_eq!(map.get("lead"), Some(&1));
        assert_eq!(owned.len(), 4);
    }

    #[test]
    fn borrows_from_static_data_and_serialises_as_a_string() {
        static BYTES: &[u8] = &[5, b'h', b'e', b'l', b'l', b'o'];
        let s: Str = postcard::from_bytes(BYTES).unwrap();
        assert!(matches!(s.0, Cow::Borrowed(_)));
        assert_eq!(s, "hello");
        assert_eq!(postcard::to_allocvec(&s).unwrap(), BYTES);
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"hello\"");
    }
}
