//! The hashes lines and sources are compared by.

use xxhash_rust::xxh3::xxh3_64;

pub(super) fn source_key(source: Option<&str>) -> u64 {
    xxh3_64(source.unwrap_or("").trim().to_lowercase().as_bytes())
}

/// The hash lines are compared by (0 for blank lines): lower case, digits as `0`, spaces folded.
/// Streams the line through the hasher without building the key.
pub(super) fn line_key(line: &str) -> u64 {
    // Plain ASCII lines (nearly all) are folded into a buffer byte by byte and hashed once.
    if line.len() <= 1024 && line.is_ascii() {
        let mut buffer = [0u8; 1024];
        let mut filled = 0;
        let mut space = false;
        for &byte in line.as_bytes() {
            if byte.is_ascii_whitespace() {
                space = filled > 0;
                continue;
            }
            if space {
                buffer[filled] = b' ';
                filled += 1;
                space = false;
            }
            buffer[filled] = if byte.is_ascii_digit() {
                b'0'
            } else {
                byte.to_ascii_lowercase()
            };
            filled += 1;
        }
        return if filled == 0 {
            0
        } else {
            xxh3_64(&buffer[..filled]).max(1)
        };
    }
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = [0u8; 64];
    let mut filled = 0;
    let mut any = false;
    let mut push = |bytes: &[u8], buffer: &mut [u8; 64], filled: &mut usize| {
        if *filled + bytes.len() > buffer.len() {
            hasher.update(&buffer[..*filled]);
            *filled = 0;
        }
        buffer[*filled..*filled + bytes.len()].copy_from_slice(bytes);
        *filled += bytes.len();
    };
    for word in line.split_whitespace() {
        if any {
            push(b" ", &mut buffer, &mut filled);
        }
        any = true;
        for c in word.chars() {
            if c.is_ascii() {
                let byte = if c.is_ascii_digit() {
                    b'0'
                } else {
                    c.to_ascii_lowercase() as u8
                };
                push(&[byte], &mut buffer, &mut filled);
            } else {
                for lower in c.to_lowercase() {
                    let mut utf8 = [0u8; 4];
                    push(
                        lower.encode_utf8(&mut utf8).as_bytes(),
                        &mut buffer,
                        &mut filled,
                    );
                }
            }
        }
    }
    if !any {
        return 0;
    }
    hasher.update(&buffer[..filled]);
    hasher.digest().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_keys_agree_on_ascii_and_other_lines() {
        // The ASCII fast path and the general path fold the same way.
        let general = |line: &str| {
            let folded: String = line
                .split_whitespace()
                .map(|word| {
                    word.chars()
                        .map(|c| if c.is_ascii_digit() { '0' } else { c })
                        .flat_map(char::to_lowercase)
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join(" ");
            xxh3_64(folded.as_bytes()).max(1)
        };
        for line in [
            "  Copyright © 2019 The Daily",
            "Sign up  for the Daily\tNews 2020 ",
            "é café",
        ] {
            assert_eq!(line_key(line), general(line), "{line}");
        }
        assert_eq!(line_key("Sign up 2019"), line_key("sign  UP 2020"));
        assert_eq!(line_key("   "), 0);
    }
}
