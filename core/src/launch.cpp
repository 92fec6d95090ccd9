#include "knock/core/launch.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>

#include "knock/core/asio.hpp"  // first: it carries <utility>, which Boost 1.74's Asio needs

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "platform.hpp"

namespace knock::core {

namespace {

Expected<std::string> expand_word(const std::string& word, const LaunchVars& vars) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if ((c == '{' || c == '}') && i + 1 < word.size() && word[i + 1] == c) {
      out.push_back(c);
      ++i;
      continue;
    }
    if (c != '{') {
      out.push_back(c);
      continue;
    }
    const auto close = word.find('}', i);
    if (close == std::string::npos) {
      return make_error(Errc::bad_input, "unclosed '{' in '" + word + "' (write {{ for a literal brace)");
    }
    const std::string name = word.substr(i + 1, close - i - 1);
    if (name == "host") {
      out += vars.host;
    } else if (name == "ip") {
      out += vars.ip;
    } else if (name == "port") {
      if (!vars.port) {
        return make_error(Errc::bad_input, "'" + word + "' uses {port}, which needs --verify PORT");
      }
      out += std::to_string(*vars.port);
    } else {
      return make_error(Errc::bad_input, "unknown placeholder {" + name + "} in '" + word +
                                             "' (expected {host}, {ip} or {port})");
    }
    i = close;
  }
  return out;
}

}  // namespace

Expected<std::vector<std::string>> expand_command(std::span<const std::string> argv, const LaunchVars& vars) {
  if (argv.empty()) return make_error(Errc::bad_input, "no program to launch");
  std::vector<std::string> out;
  out.reserve(argv.size());
  for (const auto& word : argv) {
    auto expanded = expand_word(word, vars);
    if (!expanded) return std::move(expanded).error();
    out.push_back(std::move(*expanded));
  }
  return out;
}

std::string windows_argument(std::string_view arg) {
  if (!arg.empty() && arg.find_first_of(" \t\n\v\"") == std::string_view::npos) return std::string(arg);
  std::string out = "\"";
  std::size_t backslashes = 0;
  for (const char c : arg) {
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    // Backslashes are literal unless a quote follows them: then each stands for half of two.
    out.append(c == '"' ? 2 * backslashes + 1 : backslashes, '\\');
    backslashes = 0;
    out += c;
  }
  out.append(2 * backslashes, '\\');  // before the closing quote
  return out + "\"";
}

Expected<std::vector<std::string>> split_command(std::string_view command) {
  std::vector<std::string> words;
  std::string current;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        current.push_back(c);
    } else if (quote == '"') {
      if (c == '"') {
        quote = 0;
      } else if (c == '\\' && i + 1 < command.size() &&
                 std::string_view("\"\\$`").find(command[i + 1]) != std::string_view::npos) {
        current.push_back(command[++i]);
      } else {
        current.push_back(c);
      }
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(current));
      current.clear();
      in_word = false;
    } else {
      in_word = true;
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\' && i + 1 < command.size()) {
        current.push_back(command[++i]);
      } else {
        current.push_back(c);
      }
    }
  }
  if (quote) {
    return make_error(Errc::bad_input, std::string("unterminated ") + (quote == '"' ? "double" : "single") +
                                           " quote in command '" + std::string(command) + "'");
  }
  if (in_word) words.push_back(std::move(current));
  if (words.empty()) return make_error(Errc::bad_input, "the launch command is empty");
  return words;
}

namespace {

class ProcessChild final : public Child {
 public:
  explicit ProcessChild(platform::ChildId id) : id_(id) {}
  ~ProcessChild() override { platform::end_child(id_); }
  ProcessChild(const ProcessChild&) = delete;
  ProcessChild& operator=(const ProcessChild&) = delete;
  std::optional<int> wait_for(Duration timeout) override {
    if (status_) return status_;
    status_ = platform::wait_child(id_, std::chrono::ceil<std::chrono::milliseconds>(timeout));
    return status_;
  }

 private:
  platform::ChildId id_;
  std::optional<int> status_;
};

}  // namespace

Expected<std::unique_ptr<Child>> Launcher::spawn(const std::vector<std::string>& argv) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::string error;
  const auto id = platform::spawn_child(argv, error);
  if (!id) return make_error(Errc::launch_failed, "cannot launch " + error);
  return std::unique_ptr<Child>(std::make_unique<ProcessChild>(*id));
}

bool process_running(std::int64_t pid) {
  return platform::process_running(pid);
}

struct InterruptGuard::Impl {
  boost::asio::io_context io;
  boost::asio::signal_set signals{io, SIGINT, SIGTERM};
  bool hit = false;
};

InterruptGuard::InterruptGuard() : impl_(std::make_unique<Impl>()) {
  impl_->signals.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) impl_->hit = true;
  });
}

InterruptGuard::~InterruptGuard() = default;

bool InterruptGuard::interrupted() {
  impl_->io.poll();
  return impl_->hit;
}

bool InterruptGuard::sleep_for(Duration timeout) {
  if (interrupted()) return true;
  boost::asio::steady_timer timer(impl_->io, timeout);
  bool woke = false;
  timer.async_wait([&](const boost::system::error_code&) { woke = true; });
  while (!woke && !impl_->hit)
    impl_->io.run_one();
  timer.cancel();
  while (!woke)  // the cancelled wait's handler, so that nothing refers to this frame afterwards
    impl_->io.run_one();
  impl_->io.restart();
  return impl_->hit;
}

Error ProcessLauncher::exec(const std::vector<std::string>& argv) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  return make_error(Errc::launch_failed, "cannot launch " + platform::exec_replace(argv));
}

}  // namespace knock::core
