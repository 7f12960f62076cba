# Installation (cmake --install) and the man page.
#
# Installed layout: bin/hbvdr; share/hbvdr/{data,mutation-db,workflow,schemas}, where the binary
# finds its data (src/core/bundled.cpp); share/man/man1/hbvdr.1.gz; share/doc/hbvdr/ with the
# README and CHANGELOG.md.
include(GNUInstallDirs)
include("${CMAKE_SOURCE_DIR}/cmake/release.cmake") # HBVDR_RELEASE_DATE, HBVDR_RELEASE_EPOCH

find_program(HBVDR_HELP2MAN help2man)
find_program(HBVDR_GZIP gzip)
if (NOT HBVDR_HELP2MAN OR NOT HBVDR_GZIP)
    message(FATAL_ERROR "help2man and gzip make the man page: run scripts/install-deps.sh "
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

add_custom_target(hbvdr_docs ALL DEPENDS "${HBVDR_GEN}/hbvdr.1.gz")

install(TARGETS hbvdr RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hbvdr/data)
install(DIRECTORY mutation-db/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hbvdr/mutation-db)
install(DIRECTORY workflow/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hbvdr/workflow USE_SOURCE_PERMISSIONS)
install(DIRECTORY schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hbvdr/schemas)
install(FILES "${HBVDR_GEN}/hbvdr.1.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES README.md CHANGELOG.md CITATION.cff docs/monitor.md docs/ngs.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
