#include "knock/profiles/secret.hpp"

#include <sodium.h>

#include <vector>

#include "knock/core/sequence.hpp"

namespace knock::profiles {
namespace {

using core::Errc;
using core::make_error;

constexpr std::string_view kAd = "knock-profile-secret-v1";

bool init() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string b64(const unsigned char* data, std::size_t n) {
  return core::encode_base64(std::span<const std::uint8_t>(data, n));
}

core::Expected<core::SecretBytes> unb64(const std::string& text, std::string_view what,
                                        std::string_view profile) {
  auto bytes = core::decode_base64(text);
  if (!bytes)
    return make_error(Errc::store, "profile '" + std::string(profile) + "': the sealed " + std::string(what) +
                                       " is damaged");
  return bytes;
}

struct Key {
  unsigned char bytes[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  ~Key() { sodium_memzero(bytes, sizeof bytes); }
};

bool derive(Key& key, std::string_view passphrase, const unsigned char* salt, unsigned long long ops,
            std::size_t mem) {
  return crypto_pwhash(key.bytes, sizeof key.bytes, passphrase.data(), passphrase.size(), salt, ops, mem,
                       crypto_pwhash_ALG_ARGON2ID13) == 0;
}

}  // namespace

core::Expected<Sealed> seal(std::string_view plaintext, std::string_view passphrase) {
  if (!init()) return make_error(Errc::store, "libsodium could not be initialised");
  if (passphrase.empty()) return make_error(Errc::bad_input, "the passphrase is empty");
  Sealed s;
  s.opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  s.memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  unsigned char salt[crypto_pwhash_SALTBYTES];
  unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
  randombytes_buf(salt, sizeof salt);
  randombytes_buf(nonce, sizeof nonce);
  Key key;
  if (!derive(key, passphrase, salt, s.opslimit, s.memlimit)) {
    return make_error(Errc::store, "not enough memory to derive the key (Argon2id needs 64 MiB)");
  }
  std::vector<unsigned char> c(plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      c.data(), &clen, reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(kAd.data()), kAd.size(), nullptr, nonce, key.bytes);
  s.salt = b64(salt, sizeof salt);
  s.nonce = b64(nonce, sizeof nonce);
  s.ciphertext = b64(c.data(), clen);
  return s;
}

core::Expected<core::SecretString> unseal(const Sealed& s, std::string_view passphrase,
                                          std::string_view profile) {
  if (!init()) return make_error(Errc::store, "libsodium could not be initialised");
  const std::string who = "profile '" + std::string(profile) + "'";
  if (s.kdf != "argon2id13") return make_error(Errc::store, who + ": unknown key derivation '" + s.kdf + "'");
  auto salt = unb64(s.salt, "salt", profile);
  if (!salt) return std::move(salt).error();
  auto nonce = unb64(s.nonce, "nonce", profile);
  if (!nonce) return std::move(nonce).error();
  auto c = unb64(s.ciphertext, "ciphertext", profile);
  if (!c) return std::move(c).error();
  if (salt->size() != crypto_pwhash_SALTBYTES ||
      nonce->size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      c->size() < crypto_aead_xchacha20poly1305_ietf_ABYTES || s.opslimit < crypto_pwhash_OPSLIMIT_MIN ||
      s.opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE * 4 || s.memlimit < crypto_pwhash_MEMLIMIT_MIN ||
      s.memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE) {
    return make_error(Errc::store, who + ": the sealed secret is damaged");
  }
  Key key;
  if (!derive(key, passphrase, salt->data(), s.opslimit, static_cast<std::size_t>(s.memlimit))) {
    return make_error(Errc::store, "not enough memory to derive the key");
  }
  core::SecretString plain;
  plain.resize(c->size() - crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long plen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plen, nullptr, c->data(), c->size(),
          reinterpret_cast<const unsigned char*>(kAd.data()), kAd.size(), nonce->data(), key.bytes) != 0) {
    return make_error(Errc::store, who + ": wrong passphrase, or the sealed secret was altered");
  }
  plain.resize(plen);
  return plain;
}

}  // namespace knock::profiles
