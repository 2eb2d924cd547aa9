// A real notification server for tests: a private D-Bus session bus (dbus-run-session), dunst on
// a virtual X display (xvfb-run), and dbus-monitor writing the Notify calls to a log.

/**
 * The argv that runs `body` (sh) once dunst and dbus-monitor (writing to `monitorLog`) are up;
 * `body` runs with DBUS_SESSION_BUS_ADDRESS set, and its status is the command's.
 */
export function withNotificationServer(monitorLog: string, body: string): [string, string[]] {
  return [
    'dbus-run-session',
    [
      '--',
      'xvfb-run',
      '-a',
      'sh',
      '-c',
      `dunst >/dev/null 2>&1 & dbus-monitor "interface=org.freedesktop.Notifications" > "${monitorLog}" 2>/dev/null &
       i=0; while ! grep -q NameAcquired "${monitorLog}" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
       ${body}; rc=$?; sleep 0.3; kill %1 %2 2>/dev/null; exit $rc`,
    ],
  ];
}
