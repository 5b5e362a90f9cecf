using System.Collections.Generic;

namespace Bioreactor.Mqtt.Tests
{
    /// <summary>
    /// The accounts the tests log in with. The technician and QA names are the example users of tools/mosquitto/acl; device
    /// ids are user names (the acl's %u patterns). Passwords are fake and exist only in the brokers the tests start.
    /// </summary>
    internal static class TestUsers
    {
        public const string Technician = "technician1";
        public const string Qa = "qa1";
        public const string Administrator = "admin1";

        /// <summary>The plant station's account (tools/Bioreactor.Station).</summary>
        public const string Station = "station1";

        /// <summary>One device id per test, so retained messages of one test never meet another's.</summary>
        public static readonly string[] Devices =
        {
            "br-basic", "br-will", "br-retain", "br-rpc", "br-v311", "br-acl", "br-acl-tree", "br-other", "br-restart", "br-count",
            "br-password", "br-echo", "br-01", "br-sub",

            // The simulated devices of the end-to-end tests.
            "sim-e2e-birth", "sim-e2e-birth0", "sim-e2e-start", "sim-e2e-acl", "sim-e2e-audit", "sim-e2e-input", "sim-e2e-outage", "sim-e2e-power",
            "sim-e2e-fetch", "sim-e2e-head",

            // The simulated devices of the station's tests (tests/Bioreactor.Station.Tests).
            "sim-station-door", "sim-station-ack", "sim-station-release", "sim-station-fetch", "sim-station-1", "sim-station-2",

            // The simulated device of the MQTT benchmark (tools/Bioreactor.Microbenchmarks), which starts its brokers with these users.
            "sim-bench",
        };

        public static string PasswordOf(string user) => "fake-password-of-" + user;

        /// <summary>Every account with its password.</summary>
        public static Dictionary<string, string> All()
        {
            var users = new Dictionary<string, string>
            {
                [Technician] = PasswordOf(Technician),
                [Qa] = PasswordOf(Qa),
                [Administrator] = PasswordOf(Administrator),
                [Station] = PasswordOf(Station),
            };
            foreach (string device in Devices)
            {
                users[device] = PasswordOf(device);
            }

            return users;
        }
    }
}
