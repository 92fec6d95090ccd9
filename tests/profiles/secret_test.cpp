// profiles/src/secret.cpp: sequences sealed with a passphrase, and what a wrong one or altered data get.
#include "knock/profiles/secret.hpp"

#include <gtest/gtest.h>

namespace knock::profiles {
namespace {

TEST(Secret, SealAndUnsealRoundTrip) {
  auto sealed = seal("tcp:1337 udp:17954:text:open-sesame", "correct horse");
  ASSERT_TRUE(sealed) << sealed.error().message;
  EXPECT_EQ(sealed->ciphertext.find("open-sesame"), std::string::npos);
  auto plain = unseal(*sealed, "correct horse", "p");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(plain->view(), "tcp:1337 udp:17954:text:open-sesame");
  auto again = seal("tcp:1337 udp:17954:text:open-sesame", "correct horse");
  EXPECT_NE(again->ciphertext, sealed->ciphertext) << "a fresh salt and nonce every time";
}

TEST(Secret, AWrongPassphraseIsAStoreError) {
  auto sealed = seal("tcp:1", "right");
  auto plain = unseal(*sealed, "wrong", "office");
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().code, core::Errc::store);
  EXPECT_EQ(plain.error().message, "profile 'office': wrong passphrase, or the sealed secret was altered");
  EXPECT_EQ(core::exit_code(plain.error().code), 5);
}

TEST(Secret, TamperedDataIsRefused) {
  auto sealed = seal("tcp:1 udp:2", "pass");
  ASSERT_TRUE(sealed);
  for (std::size_t i = 0; i < sealed->ciphertext.size() - 2; i += 3) {  // every part of it is authenticated
    Sealed t = *sealed;
    t.ciphertext[i] = t.ciphertext[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(unseal(t, "pass", "p")) << i;
  }
  Sealed t = *sealed;
  t.nonce[0] = t.nonce[0] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(unseal(t, "pass", "p"));
  t = *sealed;
  t.ciphertext = "!!!";
  EXPECT_EQ(unseal(t, "pass", "p").error().message, "profile 'p': the sealed ciphertext is damaged");
  t = *sealed;
  t.memlimit = 1ull << 40;  // a file asking for a terabyte is refused, not obeyed
  EXPECT_FALSE(unseal(t, "pass", "p"));
}
}  // namespace
}  // namespace knock::profiles
