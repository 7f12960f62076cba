# Installation (cmake --install), the man page and the Debian package (cpack -G DEB).
#
# Installed layout (prefix /usr in the Debian package): bin/hbvdr; share/hbvdr/{data,mutation-db,
# workflow,schemas}, where the binary finds its data (src/core/bundled.cpp); share/man/man1/
# hbvdr.1.gz; share/doc/hbvdr/ with the README, CHANGELOG.md, the Debian-format copyright and
# changelog.gz.
include(GNUInstallDirs)
include("${CMAKE_SOURCE_DIR}/cmake/release.cmake") # HBVDR_RELEASE_DATE, HBVDR_RELEASE_EPOCH

set(HBVDR_MAINTAINER "hbvdr maintainers <hbvdr@example.org>"
    CACHE STRING "Maintainer of the Debian package and its changelog: 'Name <address>'")

find_program(HBVDR_HELP2MAN help2man)
find_program(HBVDR_GZIP gzip)
if (NOT HBVDR_HELP2MAN OR NOT HBVDR_GZIP)
    message(FATAL_ERROR "help2man and gzip make the man page: run scripts/dev/install-deps.sh "
                        "(Debian packages help2man, gzip)")
endif ()

# The man page, generated from the help by help2man (the help is the one text; cmake/man/hbvdr
# arranges it into sections) and gzipped (-n: no name or time stamp) as Debian wants it.
set(HBVDR_GEN "${CMAKE_BINARY_DIR}/packaging")
add_custom_command(
    OUTPUT "${HBVDR_GEN}/hbvdr.1.gz"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${HBVDR_GEN}"
    COMMAND ${CMAKE_COMMAND} -E env HBVDR_MAN_BINARY=$<TARGET_FILE:hbvdr> SOURCE_DATE_EPOCH=${HBVDR_RELEASE_EPOCH}
            ${HBVDR_HELP2MAN} --no-info --section=1 "--name=genotypic drug-resistance analysis of hepatitis B virus"
            --include=${CMAKE_SOURCE_DIR}/cmake/man/hbvdr.h2m --output=${HBVDR_GEN}/hbvdr.1
            ${CMAKE_SOURCE_DIR}/cmake/man/hbvdr
    COMMAND ${HBVDR_GZIP} -9nkf "${HBVDR_GEN}/hbvdr.1"
    DEPENDS hbvdr "${CMAKE_SOURCE_DIR}/cmake/man/hbvdr" "${CMAKE_SOURCE_DIR}/cmake/man/hbvdr.h2m"
    COMMENT "Generating the man page hbvdr.1 (help2man)"
    VERBATIM)

# Debian changelog (from CHANGELOG.md) and copyright (machine-readable, with the licence texts).
add_custom_command(
    OUTPUT "${HBVDR_GEN}/changelog.gz"
    COMMAND ${CMAKE_COMMAND} -DIN=${CMAKE_SOURCE_DIR}/CHANGELOG.md -DOUT=${HBVDR_GEN}/changelog
            -DMAINTAINER=${HBVDR_MAINTAINER} -P ${CMAKE_SOURCE_DIR}/cmake/debian-changelog.cmake
    COMMAND ${HBVDR_GZIP} -9nf "${HBVDR_GEN}/changelog"
    DEPENDS "${CMAKE_SOURCE_DIR}/CHANGELOG.md" "${CMAKE_SOURCE_DIR}/cmake/debian-changelog.cmake"
            "${CMAKE_SOURCE_DIR}/cmake/release.cmake"
    COMMENT "Generating the Debian changelog"
    VERBATIM)
add_custom_command(
    OUTPUT "${HBVDR_GEN}/copyright"
    COMMAND ${CMAKE_COMMAND} -DIN=${CMAKE_SOURCE_DIR}/packaging/deb/copyright.in -DOUT=${HBVDR_GEN}/copyright
            -DSOURCE=${CMAKE_SOURCE_DIR} -DMAINTAINER=${HBVDR_MAINTAINER}
            -P ${CMAKE_SOURCE_DIR}/cmake/debian-copyright.cmake
    DEPENDS "${CMAKE_SOURCE_DIR}/packaging/deb/copyright.in" "${CMAKE_SOURCE_DIR}/cmake/debian-copyright.cmake"
            "${CMAKE_SOURCE_DIR}/LICENSE" "${CMAKE_SOURCE_DIR}/LICENSES/CC-BY-4.0.txt"
    COMMENT "Generating the Debian copyright file"
    VERBATIM)
add_custom_target(hbvdr_docs ALL DEPENDS "${HBVDR_GEN}/hbvdr.1.gz" "${HBVDR_GEN}/changelog.gz" "${HBVDR_GEN}/copyright")

install(TARGETS hbvdr RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hbvdr/data)
install(DIRECTORY mutation-db/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hbvdr/mutation-db)
install(DIRECTORY workflow/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hbvdr/workflow USE_SOURCE_PERMISSIONS)
install(DIRECTORY schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hbvdr/schemas)
install(FILES "${HBVDR_GEN}/hbvdr.1.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES README.md CHANGELOG.md CITATION.cff docs/monitor.md docs/ngs.md "${HBVDR_GEN}/copyright"
              "${HBVDR_GEN}/changelog.gz"
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Only in the Debian package (CPACK_COMPONENTS_ALL below), not in a plain cmake --install.
install(FILES packaging/deb/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides
        RENAME hbvdr
        COMPONENT deb
        EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hbvdr)
set(CPACK_PACKAGE_VENDOR "The hbvdr authors")
set(CPACK_PACKAGE_CONTACT "${HBVDR_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "genotypic drug-resistance analysis of hepatitis B virus")
set(CPACK_PACKAGE_DESCRIPTION # lines under 80 columns with the leading space of the control file
    "hbvdr reads HBV sequences (Sanger consensus FASTA with IUPAC mixtures, or NGS
reads as SAM/BAM/CRAM or FASTQ), aligns the reverse-transcriptase region
codon-aware to a genotype-matched reference and calls rt1-rt344 and the
overlapping HBsAg. It interprets the calls against a curated, versioned and
cited mutation database (included): drug levels for lamivudine, telbivudine,
entecavir, adefovir and tenofovir with their evidence, salvage options and
cautions. It writes tables, JSON, clinician reports (text and HTML) and
MultiQC files, and classifies treatment timelines (hbvdr monitor).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# One package from two install components: everything (Unspecified) and the lintian overrides (deb).
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_COMPONENTS_ALL Unspecified deb)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # hbvdr_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from the binary, through dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
