#pragma once
// Secrets in memory: a passphrase, an unsealed sequence, payload bytes. Their memory is wiped when it is
// freed (every copy and every reallocation), so a later allocation or a core dump does not find them.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace knock::core {

// Overwrites `size` bytes with zeros in a way the compiler may not optimise away.
void secure_wipe(void* data, std::size_t size) noexcept;

template <class T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() = default;
  template <class U>
  WipingAllocator(const WipingAllocator<U>&) noexcept {}  // NOLINT: rebinding, as allocators do
  T* allocate(std::size_t n) { return std::allocator<T>().allocate(n); }
  void deallocate(T* p, std::size_t n) noexcept {
    secure_wipe(p, n * sizeof(T));
    std::allocator<T>().deallocate(p, n);
  }
  template <class U>
  bool operator==(const WipingAllocator<U>&) const noexcept {
    return true;
  }
};

using SecretBytes = std::vector<std::uint8_t, WipingAllocator<std::uint8_t>>;

// Text whose every byte lives in wiped memory: unlike std::string it has no buffer inside the object (a
// short string would sit there, copied around and never wiped).
class SecretString {
 public:
  SecretString() = default;
  SecretString(std::string_view text)
      : bytes_(text.begin(), text.end()) {}  // NOLINT: copies into wiped memory
  SecretString(const char* text) : SecretString(std::string_view(text)) {}         // NOLINT
  SecretString(const std::string& text) : SecretString(std::string_view(text)) {}  // NOLINT
  std::string_view view() const { return {bytes_.data(), bytes_.size()}; }
  bool empty() const { return bytes_.empty(); }
  std::size_t size() const { return bytes_.size(); }
  // For filling in place (a decryption, a prompt): resize, then write through data().
  void resize(std::size_t n) { bytes_.resize(n); }
  char* data() { return bytes_.data(); }
  void clear() { bytes_.clear(); }
  void push_back(char c) { bytes_.push_back(c); }
  void append(std::string_view text) { bytes_.insert(bytes_.end(), text.begin(), text.end()); }
  bool operator==(const SecretString& o) const { return view() == o.view(); }

 private:
  std::vector<char, WipingAllocator<char>> bytes_;
};

}  // namespace knock::core
