using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Virtual.Tests
{
    [TestClass]
    public sealed class PlantParametersTests
    {
        private static string OutputPath(string relative)
        {
            return Path.Combine(AppContext.BaseDirectory, relative);
        }

        [TestMethod]
        public void DefaultRigFile_EqualsTheDefaults()
        {
            string expected = PlantParameters.CreateDefault().ToJson();
            string file = File.ReadAllText(OutputPath(Path.Combine("rigs", "default-rig.json"))).Replace("\r\n", "\n", StringComparison.Ordinal);

            if (file != expected && Environment.GetEnvironmentVariable("BIOREACTOR_WRITE_DEFAULT_RIG") == "1")
            {
                string directory = typeof(PlantParametersTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .Single(a => a.Key == "VirtualBoardDirectory").Value;
                PlantParameters.CreateDefault().Save(Path.Combine(directory, "rigs", "default-rig.json"));
                Assert.Inconclusive("rigs/default-rig.json regenerated from the defaults; build and run again.");
            }

            Assert.AreEqual(
                expected,
                file,
                "rigs/default-rig.json differs from PlantParameters.CreateDefault(); regenerate it by running this test with BIOREACTOR_WRITE_DEFAULT_RIG=1.");
            Assert.AreEqual(expected, PlantParameters.Load(OutputPath(Path.Combine("rigs", "default-rig.json"))).ToJson(), "loads back to the defaults");
        }

        [TestMethod]
        public void Json_RoundTripsEveryField()
        {
            PlantParameters p = PlantParameters.CreateDefault();
            p.Thermal.HeaterPowerWatts = 150.0;
            p.Sensors.PlateProbe.OffsetKelvin = -0.25;
            p.Gas.AirFlowStopsOnPowerCut = false;

            PlantParameters back = PlantParameters.FromJson(p.ToJson());

            Assert.AreEqual(150.0, back.Thermal.HeaterPowerWatts);
            Assert.AreEqual(-0.25, back.Sensors.PlateProbe.OffsetKelvin);
            Assert.IsFalse(back.Gas.AirFlowStopsOnPowerCut);
            Assert.AreEqual(p.ToJson(), back.ToJson());
        }

        [TestMethod]
        public void UnknownField_IsAnErrorNamingItAndTheLikelyIntent()
        {
            string json = PlantParameters.CreateDefault().ToJson().Replace("\"HeaterPowerWatts\"", "\"HeaterPowerWats\"", StringComparison.Ordinal);

            PlantParametersException error = Assert.ThrowsExactly<PlantParametersException>(() => PlantParameters.FromJson(json));

            Assert.AreEqual("Thermal.HeaterPowerWats", error.Field);
            StringAssert.Contains(error.Message, "Unknown field 'Thermal.HeaterPowerWats'");
            StringAssert.Contains(error.Message, "did you mean 'HeaterPowerWatts'");
        }

        [TestMethod]
        public void MissingField_IsAnError()
        {
            JsonNode root = JsonNode.Parse(PlantParameters.CreateDefault().ToJson());
            root["Sensors"]["Co2"].AsObject().Remove("RangeMaxPercent");

            PlantParametersException error = Assert.ThrowsExactly<PlantParametersException>(() => PlantParameters.FromJson(root.ToJsonString()));

            Assert.AreEqual("Sensors.Co2.RangeMaxPercent", error.Field);
            StringAssert.Contains(error.Message, "Missing field 'Sensors.Co2.RangeMaxPercent'");
        }

        [TestMethod]
        [DataRow("Thermal", "HeaterPowerWatts", -5.0, "above 0 up to 10000 W")]
        [DataRow("Gas", "AirFlowLitresPerMinute", -0.1, "0 to 100 L/min")]
        [DataRow("Ambient", "AmbientCelsius", 80.0, "-10 to 45 °C")]
        [DataRow("Rocking", "EndStopDegrees", 0.0, "1 to 60 °")]
        [DataRow("Bag", "LiquidVolumeLitres", 2.5, "BagVolumeLitres")]
        public void OutOfRangeValue_IsAnErrorNamingTheFieldAndRange(string section, string field, double value, string range)
        {
            JsonNode root = JsonNode.Parse(PlantParameters.CreateDefault().ToJson());
            root[section][field] = value;

            PlantParametersException error = Assert.ThrowsExactly<PlantParametersException>(() => PlantParameters.FromJson(root.ToJsonString()));

            Assert.AreEqual(section + "." + field, error.Field);
            StringAssert.Contains(error.Message, section + "." + field);
            StringAssert.Contains(error.Message, range);
        }

        [TestMethod]
        public void WrongKindOfValue_IsAnError()
        {
            JsonNode root = JsonNode.Parse(PlantParameters.CreateDefault().ToJson());
            root["Rocking"]["MotorMaxTorqueNewtonMetres"] = "strong";

            PlantParametersException error = Assert.ThrowsExactly<PlantParametersException>(() => PlantParameters.FromJson(root.ToJsonString()));

            Assert.AreEqual("Rocking.MotorMaxTorqueNewtonMetres", error.Field);
            StringAssert.Contains(error.Message, "must be a number");
        }

        [TestMethod]
        public void InvalidJson_AndCommentsAndTrailingCommas()
        {
            Assert.ThrowsExactly<PlantParametersException>(() => PlantParameters.FromJson("{ \"Ambient\": "));

            string commented = "// my rig\n" + PlantParameters.CreateDefault().ToJson().Replace("\"BagVolumeLitres\": 2,", "\"BagVolumeLitres\": 2, /* Cultibag 2 L */", StringComparison.Ordinal);
            Assert.AreEqual(2.0, PlantParameters.FromJson(commented).Bag.BagVolumeLitres);
        }

        [TestMethod]
        public void Validate_RejectsProgrammaticValues()
        {
            PlantParameters p = PlantParameters.CreateDefault();
            p.Sensors.LiquidProbe.SamplePeriodSeconds = double.NaN;

            PlantParametersException error = Assert.ThrowsExactly<PlantParametersException>(() => new VirtualBioreactor(p, 1));

            Assert.AreEqual("Sensors.LiquidProbe.SamplePeriodSeconds", error.Field);
        }

        [TestMethod]
        public void Readme_DocumentsEveryField()
        {
            string readme = File.ReadAllText(OutputPath(Path.Combine("virtual", "README.md")));
            foreach (string path in PlantParameters.FieldPaths())
            {
                string name = path.Substring(path.LastIndexOf('.') + 1);
                StringAssert.Contains(readme, "`" + name + "`", "README.md documents " + path);
            }

            Assert.IsTrue(PlantParameters.FieldPaths().Count > 50, "all leaf fields listed");
        }
    }
}
