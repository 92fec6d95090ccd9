// Times whole processes: runs a command N times (after a few warm-up runs) and prints the median, p90 and
// minimum wall-clock time in milliseconds. posix_spawn, no shell, stdout/stderr to /dev/null.
//   proc_time RUNS COMMAND [ARGS...]
// With --vs, two commands run in N pairs, A then B and B then A in turn, so that whatever slows the machine
// down for a moment slows both sides of a pair; prints the median time of each and the median, p10 and p90
// of the per-pair ratio A/B, then the number of runs that failed:
//   proc_time --vs RUNS A [ARGS...] -- B [ARGS...]
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

extern char** environ;

namespace {

posix_spawn_file_actions_t quiet;
int failures = 0;

// One run of argv, in milliseconds; a run that cannot start ends the program.
double run_once(char** argv) {
  const auto t0 = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawnp(&pid, argv[0], &quiet, nullptr, argv, environ) != 0) {
    std::perror(argv[0]);
    std::exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  const auto t1 = std::chrono::steady_clock::now();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
  return std::chrono::duration<double, std::milli>(t1 - t0).count();
}

double at(std::vector<double> v, double q) {  // the q-quantile, by nearest rank
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

}  // namespace

int main(int argc, char** argv) {
  const bool paired = argc > 1 && std::strcmp(argv[1], "--vs") == 0;
  char** args = argv + (paired ? 1 : 0);
  const int n = argc - (paired ? 1 : 0);
  if (n < 3) {
    std::fprintf(stderr,
                 "usage: proc_time RUNS COMMAND [ARGS...]\n"
                 "       proc_time --vs RUNS A [ARGS...] -- B [ARGS...]\n");
    return 2;
  }
  const int runs = std::max(1, std::atoi(args[1]));
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", 1, 0);
  posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", 1, 0);
  char** a = args + 2;
  if (!paired) {
    std::vector<double> ms;
    for (int i = -3; i < runs; ++i) {
      const double t = run_once(a);
      if (i >= 0) ms.push_back(t);
    }
    std::printf("%.3f %.3f %.3f %d\n", at(ms, 0.5), at(ms, 0.9), at(ms, 0), failures);
    return 0;
  }
  char** b = std::find_if(a, args + n, [](const char* s) { return std::strcmp(s, "--") == 0; });
  if (b == a || b == args + n || b + 1 == args + n) {
    std::fprintf(stderr, "proc_time --vs: give two commands, separated by --\n");
    return 2;
  }
  *b++ = nullptr;  // ends A's argv; B's ends with argv's own
  std::vector<double> ta, tb, ratio;
  for (int i = -3; i < runs; ++i) {
    double x, y;
    if (i % 2 == 0) {
      x = run_once(a);
      y = run_once(b);
    } else {
      y = run_once(b);
      x = run_once(a);
    }
    if (i < 0) continue;
    ta.push_back(x);
    tb.push_back(y);
    ratio.push_back(x / y);
  }
  std::printf("%.3f %.3f %.3f %.3f %.3f %d\n", at(ta, 0.5), at(tb, 0.5), at(ratio, 0.5), at(ratio, 0.1),
              at(ratio, 0.9), failures);
  return 0;
}
