namespace Bioreactor.Simulator;

/// <summary>
/// The simulator's operator directory: one operator of each role, each with a printed name and a credential for a
/// DEMONSTRATION password. The passwords are public (they are below and in the README), so anyone can sign as these
/// operators: they exist so that a newcomer, the client and the tests can sign commands to the simulator, and must never
/// be used on a board. Real operators are provisioned with <c>bioreactor operators add</c>.
/// </summary>
/// <remarks>
/// Each credential is PBKDF2-HMAC-SHA256(password, salt, 600,000 iterations, 32 bytes), the provisioning default
/// (OperatorCredential.DefaultIterations), computed once and written here; the salts are fixed (the ASCII of
/// "tech.sim-salt-01", "qa.sim-salt-0001" and "admin.sim-salt-1") so the directory is the same in every run. A test
/// derives each verifier again from its password.
/// </remarks>
public static class SimulatorOperators
{
    /// <summary>The simulated technician's id.</summary>
    public const string TechnicianId = "tech.sim";

    /// <summary>The simulated QA reviewer's id.</summary>
    public const string QaId = "qa.sim";

    /// <summary>The simulated administrator's id.</summary>
    public const string AdministratorId = "admin.sim";

    /// <summary>The technician's demonstration password (fake, public).</summary>
    public const string TechnicianPassword = "tech.sim-demo-password";

    /// <summary>The QA reviewer's demonstration password (fake, public).</summary>
    public const string QaPassword = "qa.sim-demo-password";

    /// <summary>The administrator's demonstration password (fake, public).</summary>
    public const string AdministratorPassword = "admin.sim-demo-password";

    /// <summary>The directory's text form (OperatorDirectory.Parse): id = role | printed name | credential.</summary>
    public const string DirectoryText =
        "[operators]\n"
        + "# Demonstration operators of the simulator: their passwords are public (README), never use them on a board.\n"
        + "tech.sim = technician | Simulated Technician | pbkdf2-sha256$600000$746563682e73696d2d73616c742d3031$eea178328d29ca330e3125214c5e9bde0b9294de804754a40ca19f3f937eee55\n"
        + "qa.sim = qa | Simulated QA Reviewer | pbkdf2-sha256$600000$71612e73696d2d73616c742d30303031$4b36fdad686cea0b48d9c69a30172f6818b35e08131472b2d5d1f6c8d2a4e179\n"
        + "admin.sim = administrator | Simulated Administrator | pbkdf2-sha256$600000$61646d696e2e73696d2d73616c742d31$332fa3ad3974d58c1ba258b6d6eb2996715856888544ac656a7dcd77babe8d6b\n";

    /// <summary>The demonstration password of a simulator operator id, or null for another id.</summary>
    public static string PasswordOf(string operatorId) => operatorId switch
    {
        TechnicianId => TechnicianPassword,
        QaId => QaPassword,
        AdministratorId => AdministratorPassword,
        _ => null,
    };
}
