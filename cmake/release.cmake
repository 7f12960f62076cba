# The release date of PROJECT_VERSION, from its CHANGELOG.md heading ("## 0.2.0 — 2026-12-03"):
# HBVDR_RELEASE_DATE (YYYY-MM-DD) and HBVDR_RELEASE_EPOCH (its midnight UTC in seconds since 1970,
# the SOURCE_DATE_EPOCH of the man page and the Debian changelog, so both are reproducible).
# A version without a CHANGELOG.md entry does not configure: every version says what it changed.
# In script mode (cmake -P, cmake/debian-changelog.cmake) only hbvdr_date_epoch() is defined.

# hbvdr_date_epoch(YYYY-MM-DD VAR): seconds from 1970-01-01 to that date's midnight UTC
# (proleptic Gregorian; H. Hinnant's days_from_civil).
function(hbvdr_date_epoch date var)
    string(REPLACE "-" ";" ymd "${date}")
    list(GET ymd 0 y)
    list(GET ymd 1 m)
    list(GET ymd 2 d)
    math(EXPR m "${m}") # strips a leading zero
    math(EXPR d "${d}")
    if (m LESS_EQUAL 2)
        math(EXPR y "${y} - 1")
    endif ()
    math(EXPR era "${y} / 400")
    math(EXPR yoe "${y} - ${era} * 400")
    if (m GREATER 2)
        math(EXPR mp "${m} - 3")
    else ()
        math(EXPR mp "${m} + 9")
    endif ()
    math(EXPR doy "(153 * ${mp} + 2) / 5 + ${d} - 1")
    math(EXPR doe "${yoe} * 365 + ${yoe} / 4 - ${yoe} / 100 + ${doy}")
    math(EXPR epoch "(${era} * 146097 + ${doe} - 719468) * 86400")
    set(${var} ${epoch} PARENT_SCOPE)
endfunction()

if (CMAKE_SCRIPT_MODE_FILE)
    return()
endif ()
file(STRINGS "${CMAKE_SOURCE_DIR}/CHANGELOG.md" _hbvdr_heading ENCODING UTF-8
     REGEX "^## ${PROJECT_VERSION} — [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]")
if (NOT _hbvdr_heading)
    message(FATAL_ERROR "CHANGELOG.md has no heading '## ${PROJECT_VERSION} — YYYY-MM-DD': "
                        "add the version's entry (what changed for users) before building it")
endif ()
string(REGEX REPLACE "^## [^ ]+ — ([0-9-]+).*" "\\1" HBVDR_RELEASE_DATE "${_hbvdr_heading}")
hbvdr_date_epoch(${HBVDR_RELEASE_DATE} HBVDR_RELEASE_EPOCH)
