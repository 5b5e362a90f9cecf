using System.IO;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Bioreactor.Control.Batch;
using Bioreactor.Simulator;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// The simulator's operator directory: it parses, each shipped verifier is PBKDF2-HMAC-SHA256 of its documented
/// demonstration password (derived again with the host's Rfc2898DeriveBytes), at the provisioning default of
/// iterations, and the README names each demonstration password as fake.
/// </summary>
[TestClass]
public sealed class SimulatorOperatorsTests
{
    [TestMethod]
    public void EachShippedVerifierIsDerivedFromItsDemonstrationPassword()
    {
        ValidationResult parsed = OperatorDirectory.Parse(SimulatorOperators.DirectoryText, out OperatorDirectory directory);
        Assert.IsTrue(parsed.IsValid, parsed.Text);
        Assert.AreEqual(3, directory.Count);

        foreach (string id in new[] { SimulatorOperators.TechnicianId, SimulatorOperators.QaId, SimulatorOperators.AdministratorId })
        {
            OperatorCredential credential = directory.GetCredential(id);
            Assert.IsNotNull(credential, id);
            Assert.IsNotNull(directory.GetPrintedName(id), id);
            Assert.AreEqual(OperatorCredential.DefaultIterations, credential.Iterations, id);
            string password = SimulatorOperators.PasswordOf(id);
            byte[] expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), credential.Salt, credential.Iterations,
                HashAlgorithmName.SHA256, OperatorCredential.VerifierLength);
            CollectionAssert.AreEqual(expected, credential.Verifier, id + " with " + password);
        }

        Assert.AreEqual("technician", BatchNames.RoleName(directory.GetRole(SimulatorOperators.TechnicianId)));
        Assert.AreEqual("qa", BatchNames.RoleName(directory.GetRole(SimulatorOperators.QaId)));
        Assert.AreEqual("administrator", BatchNames.RoleName(directory.GetRole(SimulatorOperators.AdministratorId)));
        Assert.IsNull(SimulatorOperators.PasswordOf("someone.else"));
    }

    [TestMethod]
    public void TheReadmeListsTheDemonstrationPasswordsAsFake()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

        foreach (string password in new[] { SimulatorOperators.TechnicianPassword, SimulatorOperators.QaPassword, SimulatorOperators.AdministratorPassword })
        {
            StringAssert.Contains(readme, "`" + password + "`");
        }

        StringAssert.Contains(readme, "demonstration passwords");
    }

    private static string RepositoryRoot([CallerFilePath] string path = "")
    {
        for (string dir = Path.GetDirectoryName(path); dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Bioreactor.Host.slnf")))
            {
                return dir;
            }
        }

        Assert.Fail("the repository root (Bioreactor.Host.slnf) above " + path);
        return null;
    }
}
