# Writes the Debian copyright file of the package (OUT, machine-readable format 1.0) from
# packaging/deb/copyright.in (IN), filling in the full licence texts from LICENSE and
# LICENSES/CC-BY-4.0.txt (indented one space, blank lines as " .") and the upstream contact.
#   cmake -DIN=... -DOUT=... -DSOURCE=<source dir> -DMAINTAINER="Name <mail>" -P cmake/debian-copyright.cmake
function(hbvdr_license_text file var skip_lines)
    file(READ "${file}" text)
    string(REGEX REPLACE "\n+$" "" text "${text}")
    # Drop the title and copyright lines of LICENSE: the Files paragraphs state the copyright.
    # (string(REGEX REPLACE "^...") would re-anchor after each match: cut line by line instead.)
    foreach (i RANGE 1 ${skip_lines})
        if (skip_lines GREATER 0)
            string(FIND "${text}" "\n" eol)
            math(EXPR eol "${eol} + 1")
            string(SUBSTRING "${text}" ${eol} -1 text)
        endif ()
    endforeach ()
    string(STRIP "${text}" text)
    string(REGEX REPLACE "\n[ \t]*\n" "\n.\n" text "${text}")
    string(REGEX REPLACE "\n[ \t]*\n" "\n.\n" text "${text}") # adjacent blank lines
    string(REGEX REPLACE "\n" "\n " text "${text}")
    set(${var} " ${text}" PARENT_SCOPE)
endfunction()

hbvdr_license_text("${SOURCE}/LICENSE" EXPAT_TEXT 3)
hbvdr_license_text("${SOURCE}/LICENSES/CC-BY-4.0.txt" CC_BY_TEXT 0)
set(HBVDR_MAINTAINER "${MAINTAINER}")
configure_file("${IN}" "${OUT}" @ONLY)
