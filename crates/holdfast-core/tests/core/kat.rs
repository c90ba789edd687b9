//! Known-answer tests for the primitives the vault uses, from their specifications, and frozen
//! answers for Holdfast's own derivations (if these change, existing vaults stop opening).

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, XChaCha20Poly1305};
use holdfast_core::vault::keys::{self, KdfParams, RecoveryKey, KDF_FLOOR};

const SUNSCREEN: &[u8] = b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s.split_whitespace().collect::<String>()).expect("test vector hex")
}

#[test]
fn argon2id_matches_rfc_9106_section_5_3() {
    let params = argon2::ParamsBuilder::new()
        .m_cost(32)
        .t_cost(3)
        .p_cost(4)
        .output_len(32)
        .data(argon2::AssociatedData::new(&[4u8; 12]).expect("associated data"))
        .build()
        .expect("RFC parameters");
    let argon = argon2::Argon2::new_with_secret(&[3u8; 8], argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .expect("secret");
    let mut out = [0u8; 32];
    argon.hash_password_into(&[1u8; 32], &[2u8; 16], &mut out).expect("hash");
    assert_eq!(
        hex::encode(out),
        "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659",
        "the Argon2id implementation must give RFC 9106's tag"
    );
}

#[test]
fn xchacha20_poly1305_matches_the_draft_a_3_1_vector() {
    let key = unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    let nonce = unhex("404142434445464748494a4b4c4d4e4f5051525354555657");
    let aad = unhex("50515253c0c1c2c3c4c5c6c7");
    let expected = unhex(
        "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb
         731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452
         2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9
         21f9664c97637da9768812f615c68b13b52e c0875924c1c7987947deafd8780acf49",
    );
    let cipher = XChaCha20Poly1305::new_from_slice(&key).expect("key");
    let sealed = cipher.encrypt(nonce.as_slice().into(), Payload { msg: SUNSCREEN, aad: &aad }).expect("seal");
    assert_eq!(sealed, expected, "ciphertext and tag match the draft's vector");
    let mut tampered = sealed.clone();
    tampered[0] ^= 1;
    assert!(
        cipher.decrypt(nonce.as_slice().into(), Payload { msg: &tampered, aad: &aad }).is_err(),
        "a flipped bit is refused"
    );
}

#[test]
fn chacha20_poly1305_matches_rfc_8439_section_2_8_2() {
    let key = unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    let nonce = unhex("070000004041424344454647");
    let aad = unhex("50515253c0c1c2c3c4c5c6c7");
    let expected = unhex(
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6
         3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36
         92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc
         3ff4def08e4b7a9de576d26586cec64b6116 1ae10b594f09e26a7e902ecbd0600691",
    );
    let cipher = ChaCha20Poly1305::new_from_slice(&key).expect("key");
    let sealed = cipher.encrypt(nonce.as_slice().into(), Payload { msg: SUNSCREEN, aad: &aad }).expect("seal");
    assert_eq!(sealed, expected, "the blob AEAD (age's payload cipher) matches RFC 8439");
}

#[test]
fn holdfasts_passphrase_derivation_is_frozen() {
    let key = keys::derive_passphrase_key(b"correct horse battery staple", &[7u8; 16], &KDF_FLOOR).expect("derive");
    assert_eq!(
        hex::encode(key.bytes()),
        FROZEN_DERIVATION,
        "Argon2id(64 MiB, 3 passes, 1 lane) of a fixed passphrase and salt must never change"
    );
}

/// Computed independently with argon2-cffi (libargon2): `hash_secret_raw(…, time_cost=3,
/// memory_cost=65536, parallelism=1, hash_len=32, type=ID, version=19)`.
const FROZEN_DERIVATION: &str = "6ad10af97f1744119bd7135c85121dc589794f9c5d646200b8ad4d6becf15084";

#[test]
fn kdf_settings_below_the_floor_or_above_the_ceiling_are_refused() {
    let weak = KdfParams { memory_kib: 32 * 1024, ..KDF_FLOOR };
    assert!(weak.check().is_err(), "32 MiB is below the floor");
    let few = KdfParams { iterations: 2, ..KDF_FLOOR };
    assert!(few.check().is_err(), "2 passes is below the floor");
    let huge = KdfParams { memory_kib: 4 * 1024 * 1024, ..KDF_FLOOR };
    assert!(huge.check().is_err(), "4 GiB is above the ceiling");
    let slow = KdfParams { memory_kib: 1024 * 1024, iterations: 30, parallelism: 1 };
    assert!(slow.check().is_err(), "1 GiB × 30 passes is more work than allowed");
    assert!(KDF_FLOOR.check().is_ok(), "the floor itself is allowed");
    assert!(keys::derive_passphrase_key(b"x", &[0; 16], &weak).is_err(), "derivation refuses weak settings too");
}

#[test]
fn calibration_stays_within_the_bounds() {
    let params = KdfParams::calibrate(std::time::Duration::from_millis(200));
    assert!(params.check().is_ok(), "calibrated settings are within the floor and ceiling: {params:?}");
}

#[test]
fn a_recovery_key_survives_typing_variations_and_catches_typos() {
    let key = RecoveryKey::random();
    let shown = key.display();
    assert_eq!(shown.len(), 44, "nine groups of four with hyphens: {}", shown.as_str());
    assert_eq!(shown.split('-').count(), 9, "nine groups");
    let id = [9u8; 16];
    let expected = key.wrapping_key(&id);
    let sloppy = shown.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
    let parsed = RecoveryKey::parse(&sloppy).expect("lower case, spaces, O for 0 and L for 1 are accepted");
    assert_eq!(parsed.wrapping_key(&id).bytes(), expected.bytes(), "the same key comes back");

    let mut typo: Vec<char> = shown.chars().collect();
    typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    assert!(RecoveryKey::parse(&typo).is_err(), "a single mistyped character is caught by the check group");
    assert!(RecoveryKey::parse("ABCD-EFGH").is_err(), "a short key is refused");
}

#[test]
fn recovery_key_wrapping_is_frozen() {
    let key = RecoveryKey::parse("0000-0000-0000-0000-0000-0000-0000-0000-RM3P")
        .map(|k| hex::encode(k.wrapping_key(&[1u8; 16]).bytes()));
    assert_eq!(
        key.ok().as_deref(),
        Some(FROZEN_RECOVERY),
        "the recovery key's encoding and derivation must never change"
    );
}

/// Computed independently in Python from docs/FORMAT.md: SHA-256("holdfast-vault/1 recovery key" ‖
/// vault id ‖ 20 zero bytes), with the check group RM3P.
const FROZEN_RECOVERY: &str = "a487aba53725ec541911a5f39012ecc0091ce6d76e3746e8216c543add58bed2";
