//! The built-in questionnaires' validated models, precompiled: parsing and validating
//! 90 KB of TOML took most of the time of `tandem list` and of scoring one file.
//!
//! Each blob (questionnaires/compiled/NAME.bin, committed) is the fingerprint of the
//! TOML text it was made from followed by the model in postcard. A blob whose
//! fingerprint is not the one of the text compiled into this binary, or that does not
//! decode, is ignored and the text is parsed instead, so an edited TOML always wins.
//! The test `builtin_blobs_are_fresh` fails on a stale blob and says how to rewrite it.

use super::model::{Ids, Questionnaire};

/// The command that rewrites every blob from its TOML.
pub const REGENERATE: &str = "TANDEM_REGENERATE=1 cargo test --lib builtin_blobs_are_fresh";

/// FNV-1a over the text, 64-bit: a `const fn` so each built-in's fingerprint is worked
/// out when the binary is compiled, not at every start.
pub const fn fingerprint(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

/// The blob for a questionnaire validated from `text`.
pub fn encode(q: &Questionnaire, text: &str) -> Vec<u8> {
    let mut out = fingerprint(text).to_le_bytes().to_vec();
    // Serialising plain structs, vectors and numbers into memory cannot fail.
    out.extend(postcard::to_allocvec(q).unwrap_or_default());
    out
}

/// The model in `blob` when it was made from the text whose fingerprint is `expected`.
pub fn decode(blob: &'static [u8], expected: u64) -> Option<Questionnaire> {
    let (head, body) = blob.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*head) != expected {
        return None;
    }
    let mut q: Questionnaire = postcard::from_bytes(body).ok()?;
    q.ids = Ids::new(&q.questions, &q.causes);
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{BUILTINS, parse};

    fn blob_path(name: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("questionnaires/compiled")
            .join(format!("{name}.bin"))
    }

    /// Every built-in's blob decodes to exactly the model its TOML validates to.
    #[test]
    fn builtin_blobs_are_fresh() {
        let regenerate = std::env::var_os("TANDEM_REGENERATE").is_some();
        for b in BUILTINS {
            let parsed = parse(&b.source()).expect("built-in is valid");
            if regenerate {
                std::fs::write(blob_path(b.name), encode(&parsed, b.text)).unwrap();
                continue;
            }
            let on_disk = std::fs::read(blob_path(b.name)).unwrap_or_default();
            assert_eq!(
                on_disk, b.model,
                "the binary embeds a different blob than the file holds"
            );
            let decoded = decode(b.model, fingerprint(b.text));
            assert!(
                decoded.as_ref() == Some(&parsed),
                "questionnaires/compiled/{}.bin is stale: run `{REGENERATE}`",
                b.name
            );
            // The id look-ups are rebuilt, not carried in the blob.
            let q = decoded.unwrap();
            let last = q.questions.last().unwrap();
            assert_eq!(q.question_index(&last.id), Some(q.questions.len() - 1));
            assert_eq!(q.ids.questions.len(), parsed.ids.questions.len());
            assert_eq!(q.ids.causes.len(), parsed.ids.causes.len());
        }
    }

    #[test]
    fn a_blob_for_other_text_is_ignored() {
        let b = crate::questionnaire::builtin("pulse").unwrap();
        let edited = format!("{}\n# edited\n", b.text);
        assert!(decode(b.model, fingerprint(b.text)).is_some());
        assert!(decode(b.model, fingerprint(&edited)).is_none());
        // So a built-in whose text changed after its blob was made is parsed instead.
        let text = b.text.replacen("title = \"", "title = \"Edited ", 1).leak();
        let stale = crate::questionnaire::Builtin::new(b.name, text, b.model);
        let q = stale.load().unwrap();
        assert!(q.title.starts_with("Edited "), "{}", q.title);
        assert_eq!(q, parse(&stale.source()).unwrap());
    }

    #[test]
    fn a_damaged_blob_is_ignored() {
        let b = crate::questionnaire::builtin("alignment").unwrap();
        let h = fingerprint(b.text);
        assert!(decode(&b.model[..b.model.len() / 2], h).is_none());
        assert!(decode(&b.model[..4], h).is_none());
        assert!(decode(&[], h).is_none());
    }

    #[test]
    fn fingerprints_differ_with_the_text() {
        assert_ne!(fingerprint("a"), fingerprint("b"));
        assert_ne!(fingerprint(""), fingerprint(" "));
    }
}
