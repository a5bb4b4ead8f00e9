#include "conf/loader.h"

#include "conf/builder.h"

namespace rc::conf {
namespace {

LoadResult finish(SourceTree tree, Diagnostics diagnostics, const LoadOptions& options) {
  LoadResult result;
  Model model = build_model(std::move(tree), diagnostics, options.read.environment);
  validate(model, diagnostics, options.validate);
  if (!diagnostics.has_errors()) result.config = std::make_shared<const Config>(std::move(model));
  result.diagnostics = std::move(diagnostics);
  return result;
}

}  // namespace

LoadResult load_file(const std::string& path, const LoadOptions& options) {
  Diagnostics diagnostics;
  SourceTree tree = read_file_tree(path, diagnostics, options.read);
  return finish(std::move(tree), std::move(diagnostics), options);
}

LoadResult load_text(std::string_view text, const std::string& name, const LoadOptions& options) {
  Diagnostics diagnostics;
  SourceTree tree = read_text_tree(text, name, diagnostics, options.read);
  return finish(std::move(tree), std::move(diagnostics), options);
}

LoadResult ConfigHolder::reload() {
  LoadResult result = load_file(path_, options_);
  if (result.config) current_ = result.config;
  return result;
}

}  // namespace rc::conf
