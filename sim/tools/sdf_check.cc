// Loads SDF files with libsdformat (the parser Gazebo uses) and prints every error it finds.
// Build: g++ -std=c++17 sdf_check.cc $(pkg-config --cflags --libs sdformat12) -o sdf_check
// Run:   SDF_PATH=sim/models ./sdf_check sim/worlds/city_hall.sdf ...   (exit 1 on errors)
#include <iostream>
#include <sdf/sdf.hh>

int main(int argc, char **argv) {
  int bad = 0;
  // Unknown elements and warnings are errors too: a typo must not pass silently.
  sdf::ParserConfig config = sdf::ParserConfig::GlobalConfig();
  config.SetWarningsPolicy(sdf::EnforcementPolicy::ERR);
  config.SetUnrecognizedElementsPolicy(sdf::EnforcementPolicy::ERR);
  for (int i = 1; i < argc; ++i) {
    sdf::Root root;
    sdf::Errors errors = root.Load(argv[i], config);
    for (const auto &e : errors) {
      std::cout << argv[i] << ": " << e.Message() << std::endl;
    }
    if (!errors.empty()) {
      ++bad;
      continue;
    }
    std::cout << argv[i] << ": ok, SDF " << root.Version() << ", " << root.WorldCount()
              << " world(s)";
    if (root.WorldCount() > 0) {
      std::cout << ", " << root.WorldByIndex(0)->ModelCount() << " model(s)";
    }
    std::cout << std::endl;
  }
  return bad ? 1 : 0;
}
