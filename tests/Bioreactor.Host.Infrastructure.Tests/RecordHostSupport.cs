using System;
using System.IO;
using Bioreactor.Control.Records;

namespace Bioreactor.Host.Infrastructure.Tests
{
    /// <summary>Fixtures of the host record tests: key, header, samples, scratch directories.</summary>
    internal static class RecordHostSupport
    {
        public const string BatchId = "B-HOST-0001";

        public static byte[] Key()
        {
            byte[] key = new byte[32];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)(0xA7 ^ (i * 31));
            }

            return key;
        }

        public static ManualClock Clock() => new ManualClock { UtcNow = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc) };

        public static RecordHeader Header(string batchId = BatchId)
        {
            var header = new RecordHeader
            {
                DeviceId = "BR-0007",
                FirmwareVersion = "1.4.2",
                BatchId = batchId,
                RecipeName = "CAR-T expansion",
                RecipeVersion = "3",
                OperatorId = "op.jdoe",
                KeyId = "k1",
            };
            header.SetRecipe(System.Text.Encoding.UTF8.GetBytes("recipe \"CAR-T expansion\"\nversion 3\n"));
            return header;
        }

        public static RecordSample Sample(int i) => new RecordSample
        {
            LiquidCelsius = 36.95 + 0.001 * (i % 100),
            LiquidSetPointCelsius = 37.0,
            PlateCelsius = 38.1,
            PlateSetPointCelsius = 38.2,
            HeaterDutyFraction = 0.31,
            Co2Percent = 5.01,
            Co2SetPointPercent = 5.0,
            ValveDutyFraction = 0.02,
            RockingRateRpm = 10.0,
            RockingRateSetPointRpm = 10.0,
            RockingAmplitudeDegrees = 6.0,
            RockingAmplitudeSetPointDegrees = 6.0,
            AngleDegrees = (i % 13) - 6,
            AngleErrorRmsDegrees = 0.1,
            DriveSpeedDegreesPerSecond = 12.0,
            Flags = RecordSample.FlagHeaterOn,
        };

        /// <summary>A fresh directory under the system's temporary folder, deleted by <see cref="Scratch.Dispose"/>.</summary>
        public sealed class Scratch : IDisposable
        {
            public Scratch()
            {
                Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bioreactor-records-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(Path);
            }

            public string Path { get; }

            public void Dispose()
            {
                try
                {
                    Directory.Delete(Path, true);
                }
                catch (IOException)
                {
                    // Best effort: a leftover temporary directory is harmless.
                }
            }
        }
    }
}
