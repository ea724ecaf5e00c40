//! Every occurrence of many short patterns in a short text, ASCII case ignored.
//!
//! The boilerplate rules look for a few thousand spellings of about a hundred
//! phrases in each paragraph's opening (most calls see 16 characters or
//! fewer). A byte trie walked from every start position answers that in a
//! few steps per byte (most walks end at the first or second byte) and is a
//! few hundred bytes of code, where the `aho-corasick` crate cost the browser
//! build about 20 KB of gzipped wasm.

/// The patterns, as a trie over their bytes with ASCII letters lower-cased.
/// Each node carries the bit set of the patterns that end there.
pub struct PhraseTrie {
    /// The child of the root for each first byte (0: none).
    first: Box<[u32; 256]>,
    nodes: Vec<TrieNode>,
}

#[derive(Default)]
struct TrieNode {
    /// `(byte, child)`, sorted by byte.
    edges: Vec<(u8, u32)>,
    /// Union of the bits of the patterns ending at this node.
    ends: u32,
}

/// One occurrence: where it starts and ends in the text, and the bits of
/// the pattern (or patterns with the same spelling) found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub bits: u32,
}

impl PhraseTrie {
    /// A trie of `patterns`, each with its bits; bits of equal spellings are
    /// joined. Empty patterns are ignored.
    pub fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = (S, u32)>) -> PhraseTrie {
        // Node 0 is the root; `first` mirrors its edges for the hot first step.
        let mut trie = PhraseTrie { first: Box::new([0; 256]), nodes: vec![TrieNode::default()] };
        for (pattern, bits) in patterns {
            let pattern = pattern.as_ref();
            if pattern.is_empty() {
                continue;
            }
            let mut at = 0usize;
            for &b in pattern.as_bytes() {
                let b = b.to_ascii_lowercase();
                at = match trie.nodes[at].edges.binary_search_by_key(&b, |e| e.0) {
                    Ok(i) => trie.nodes[at].edges[i].1 as usize,
                    Err(i) => {
                        let child = trie.nodes.len();
                        trie.nodes.push(TrieNode::default());
                        trie.nodes[at].edges.insert(i, (b, child as u32));
                        if at == 0 {
                            trie.first[b as usize] = child as u32;
                        }
                        child
                    }
                };
            }
            trie.nodes[at].ends |= bits;
        }
        trie
    }

    /// Every occurrence of every pattern in `text`, overlapping ones
    /// included, by start and then by length.
    pub fn hits<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Hit> + 't {
        let bytes = text.as_bytes();
        (0..bytes.len()).flat_map(move |start| {
            let mut at = self.first[bytes[start].to_ascii_lowercase() as usize] as usize;
            let mut end = start + 1;
            std::iter::from_fn(move || {
                while at != 0 {
                    let node = &self.nodes[at];
                    let hit = Hit { start, end, bits: node.ends };
                    at = bytes.get(end).map_or(0, |&b| {
                        let b = b.to_ascii_lowercase();
                        node.edges.binary_search_by_key(&b, |e| e.0).map_or(0, |i| node.edges[i].1 as usize)
                    });
                    end += 1;
                    if hit.bits != 0 {
                        return Some(hit);
                    }
                }
                None
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every occurrence, by brute force: each pattern at each position.
    fn brute(patterns: &[(&str, u32)], text: &str) -> Vec<Hit> {
        let lower = text.to_ascii_lowercase();
        let mut hits = Vec::new();
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                let bits = patterns
                    .iter()
                    .filter(|(p, _)| {
                        !p.is_empty() && p.to_ascii_lowercase().as_bytes() == &lower.as_bytes()[start..end]
                    })
                    .fold(0, |b, (_, bits)| b | bits);
                if bits != 0 {
                    hits.push(Hit { start, end, bits });
                }
            }
        }
        hits
    }

    #[test]
    fn finds_what_brute_force_finds() {
        let patterns = [
            ("分享", 1),
            ("分享到", 2),
            ("享到", 4),
            ("RSS", 8),
            ("rss:", 16),
            ("获取更多RSS", 32),
            ("", 64),
            ("分享", 128),
        ];
        for text in
            ["", "分享到：微信", "获取更多rss：", "獲取更多RSS:", "RsS: rss:rss", "分分享享到到", "a", "\u{10000}分享"]
        {
            let trie = PhraseTrie::new(patterns.iter().copied());
            assert_eq!(trie.hits(text).collect::<Vec<_>>(), brute(&patterns, text), "{text}");
        }
    }

    #[test]
    fn no_patterns_find_nothing() {
        let trie = PhraseTrie::new(std::iter::empty::<(&str, u32)>());
        assert_eq!(trie.hits("分享到").count(), 0);
    }
}
