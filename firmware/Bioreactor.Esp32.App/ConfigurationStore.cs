using Bioreactor.Control.Primitives;
using System;
using System.IO;
using Bioreactor.Control.Batch;
using Bioreactor.Esp32.Application;
using Bioreactor.Control.Records;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// Finds and reads the device configuration file (format: <see cref="DeviceConfiguration"/>; example:
    /// hardware/esp32/device-config.example.txt). Looked for first on the internal flash (I:\, nanoFramework's drive for the
    /// ESP32's SPIFFS/LittleFS partition), then on the SD card (D:\, slot 0: nanoframework/System.IO.FileSystem,
    /// nanoFramework/SDCardSpiParameters.cs). Provisioning copies the file onto the SD card with a PC (hardware/esp32/FLASHING.md).
    /// </summary>
    internal static class ConfigurationStore
    {
        /// <summary>Where the file is looked for, in order.</summary>
        public static readonly string[] Candidates = new string[] { "I:\\bioreactor.cfg", "D:\\config\\bioreactor.cfg" };

        /// <summary>
        /// Largest file read (configuration, key or CA certificate), bytes: a CA bundle of a few PEM certificates is well below
        /// it, and it keeps a wrong file from exhausting the managed heap (a few hundred KB on the ESP32).
        /// </summary>
        public const int MaximumFileBytes = 16384;

        /// <summary>
        /// Reads and validates the first configuration file found. On failure returns null and sets <paramref name="problem"/>
        /// to a log line (file and line number; never a secret's value).
        /// </summary>
        public static DeviceConfiguration Load(out string problem, out byte[] recordKey, out byte[] caCertificate)
        {
            recordKey = null;
            caCertificate = null;
            string path = null;
            for (int i = 0; i < Candidates.Length; i++)
            {
                if (SafeExists(Candidates[i]))
                {
                    path = Candidates[i];
                    break;
                }
            }

            if (path == null)
            {
                problem = "no configuration file: expected " + Candidates[0] + " or " + Candidates[1];
                return null;
            }

            string text;
            try
            {
                byte[] bytes = ReadAllBytes(path);
                text = Utf8Text.Decode(bytes, 0, bytes.Length);
            }
            catch (Exception e)
            {
                problem = path + ": cannot be read (" + e.Message + ")";
                return null;
            }

            DeviceConfiguration configuration;
            ValidationResult result = DeviceConfiguration.Parse(text, out configuration);
            if (!result.IsValid)
            {
                problem = path + ": " + result.Text;
                return null;
            }

            recordKey = configuration.RecordKey;
            if (recordKey == null)
            {
                try
                {
                    byte[] keyBytes = ReadAllBytes(configuration.RecordKeyPath);
                    recordKey = DeviceConfiguration.ParseHexKey(Utf8Text.Decode(keyBytes, 0, keyBytes.Length));
                }
                catch (Exception)
                {
                    recordKey = null;
                }

                if (recordKey == null)
                {
                    problem = configuration.RecordKeyPath + ": missing, unreadable or not 32 to 128 hexadecimal digits (record.keyFile)";
                    return null;
                }
            }

            if (configuration.BrokerTls)
            {
                try
                {
                    caCertificate = ReadAllBytes(configuration.CaCertificatePath);
                }
                catch (Exception e)
                {
                    problem = configuration.CaCertificatePath + ": cannot be read (broker.caCertificate): " + e.Message;
                    return null;
                }
            }

            problem = "configuration read from " + path;
            return configuration;
        }

        /// <summary>
        /// The whole file. File.ReadAllBytes was not found in the stored versions of nanoframework/System.IO.FileSystem
        /// (System.IO.FileSystem/File.cs has Copy, Create, Delete, Exists, Move, attributes and times), so the file is read
        /// with the FileStream members File.Copy itself uses: FileStream(string, FileMode, FileAccess), Length,
        /// Read(byte[], int, int).
        /// </summary>
        private static byte[] ReadAllBytes(string path)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                long length = stream.Length;
                if (length > MaximumFileBytes)
                {
                    throw new IOException("file larger than " + MaximumFileBytes.ToString() + " bytes");
                }

                byte[] bytes = new byte[(int)length];
                int done = 0;
                while (done < bytes.Length)
                {
                    int got = stream.Read(bytes, done, bytes.Length - done);
                    if (got <= 0)
                    {
                        throw new IOException("short read");
                    }

                    done += got;
                }

                return bytes;
            }
        }

        private static bool SafeExists(string path)
        {
            try
            {
                return File.Exists(path);
            }
            catch (Exception)
            {
                // A drive that is not mounted throws rather than answering false.
                return false;
            }
        }
    }
}
