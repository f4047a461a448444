#!/usr/bin/env bash
# Rebuild reportsvc/static/govuk/ from the govuk-frontend npm package.
#
# Why compile the Sass ourselves rather than copy dist/govuk-frontend.min.css:
# the prebuilt CSS embeds @font-face rules for the GDS Transport font, which
# may only be used on services hosted on gov.uk. We compile with the system
# font stack, no default font-face, and asset URLs under /static/govuk/.
#
# GOVUK_FRONTEND_VERSION must match the release govuk-frontend-jinja targets
# (govuk-frontend-jinja 4.1.0 -> govuk-frontend 6.3.0; see its README).
# Needs node and npm; npm runs in a temporary directory, nothing is installed
# into the repository.
set -euo pipefail

GOVUK_FRONTEND_VERSION="${GOVUK_FRONTEND_VERSION:-6.3.0}"
SASS_VERSION="${SASS_VERSION:-1.108.2}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${repo_root}/reportsvc/static/govuk"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

cd "${work}"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "govuk-frontend@${GOVUK_FRONTEND_VERSION}" "sass@${SASS_VERSION}" >/dev/null

pkg="${work}/node_modules/govuk-frontend/dist/govuk"
installed="$(node -p 'require("./node_modules/govuk-frontend/package.json").version')"
if [[ "${installed}" != "${GOVUK_FRONTEND_VERSION}" ]]; then
  echo "expected govuk-frontend ${GOVUK_FRONTEND_VERSION}, npm installed ${installed}" >&2
  exit 1
fi

cat > entry.scss <<'SCSS'
@use "node_modules/govuk-frontend/dist/govuk" with (
  $govuk-font-family: (system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif),
  $govuk-include-default-font-face: false,
  $govuk-assets-path: "/static/govuk/"
);
SCSS

npx --no-install sass --style=compressed --no-source-map --quiet-deps \
  entry.scss govuk-frontend.min.css

# The fonts must not reach the output, by any route.
if grep -q -e "@font-face" -e "GDS Transport" -e "/assets/" -e "fonts/" govuk-frontend.min.css; then
  echo "compiled CSS still refers to the GDS Transport font or /assets/" >&2
  exit 1
fi

rm -rf "${out}"
mkdir -p "${out}"
cp govuk-frontend.min.css "${out}/"
# The prebuilt JS is an ES module (load with <script type="module">); it has no font references.
# Drop the sourceMappingURL comment: the 200 KB map is not shipped.
sed -e 's|//# sourceMappingURL=.*$||' "${pkg}/govuk-frontend.min.js" > "${out}/govuk-frontend.min.js"
# The images are the crown and the GOV.UK crest, which only gov.uk services may use:
# they are not shipped. reportsvc has its own icon (reportsvc/static/icon.svg).
cat > "${out}/VERSION" <<TXT
govuk-frontend ${GOVUK_FRONTEND_VERSION} (npm), compiled with sass ${SASS_VERSION}
by scripts/build-govuk-frontend.sh. No GDS Transport fonts: system font stack,
\$govuk-include-default-font-face: false, assets under /static/govuk/.
TXT
echo "wrote ${out} (govuk-frontend ${GOVUK_FRONTEND_VERSION})"
