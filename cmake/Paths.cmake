# Where the installed programs look for their files. GNUInstallDirs maps the
# /usr prefix to /etc for sysconfdir, so the configuration lands in
# /etc/racoon2 for distribution packages and in /usr/local/etc/racoon2 for a
# default source install, as the original racoon2 did.
set(RACOON2_SYSCONFDIR "${CMAKE_INSTALL_FULL_SYSCONFDIR}/racoon2"
    CACHE PATH "Directory of racoon2.conf and the secret files")
set(RACOON2_RUNDIR "/var/run/racoon2"
    CACHE PATH "Private runtime directory (spmif socket, pfkeyd socket)")
set(RACOON2_PIDDIR "/var/run" CACHE PATH "Directory of the daemons' pid files")
set(RACOON2_STATEDIR "/var/lib/racoon2"
    CACHE PATH "Directory of state kept across restarts (pfkeyd's tables)")
