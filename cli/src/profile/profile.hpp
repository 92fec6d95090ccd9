#pragma once
// `knock profile SUBCOMMAND`: each subcommand lives in its own file as a setup + run pair (in the spirit of
// CLI11's subcom_in_files example). A setup adds the subcommand and its options to `knock profile`'s
// definition; its parse callback leaves the work to do in `work`, which runs once parsing succeeded.
#include <functional>

#include <CLI/CLI.hpp>

#include "../session.hpp"
#include "knock/actions/edit.hpp"

namespace knock::cli::profile {

using Work = std::function<int(Session&)>;

void setup_add(CLI::App& profile, Work& work);
void setup_edit(CLI::App& profile, Work& work);
void setup_show(CLI::App& profile, Work& work);
void setup_list(CLI::App& profile, Work& work);
void setup_rm(CLI::App& profile, Work& work);
void setup_rename(CLI::App& profile, Work& work);
void setup_copy(CLI::App& profile, Work& work);
void setup_import(CLI::App& profile, Work& work);
void setup_export(CLI::App& profile, Work& work);
void setup_new(CLI::App& profile, Work& work);
void setup_share(CLI::App& profile, Work& work);

// The profile fields as options, parsed into typed changes. `add`: a new profile; `edit`: adds --no-reknock,
// --decrypt and --change-passphrase; `random`: as add, without --sequence (`profile new` makes one).
enum class FieldsFor { add, edit, random };
void define_fields(CLI::App& sub, actions::Changes& changes, FieldsFor use);

// "knock: MESSAGE" on stderr; returns the error's exit status.
int fail(Session& s, const core::Error& e);
// The positional NAME every subcommand but list and export takes.
CLI::Option* add_name(CLI::App& sub, std::string& name, const char* help = "The profile's name");

}  // namespace knock::cli::profile
