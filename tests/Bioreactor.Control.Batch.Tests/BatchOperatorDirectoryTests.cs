#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Bioreactor.Control.Primitives;
using System;
using Bioreactor.Control.Batch;

namespace Bioreactor.Control.Tests
{
    [TestClass]
    public class BatchOperatorDirectoryTests
    {
        private const string Sample =
            "# operators of unit 3\r\n" +
            "[operators]\r\n" +
            "  a.smith = technician\r\n" +
            "qa.jones=qa\r\n" +
            "\r\n" +
            "admin = administrator\r\n";

        [TestMethod]
        public void ParsesIdsAndRoles()
        {
            ValidationResult result = OperatorDirectory.Parse(Sample, out OperatorDirectory operators);

            Assert.IsTrue(result.IsValid, result.Text);
            Assert.AreEqual(3, operators.Count);
            Assert.AreEqual("technician", BatchNames.RoleName(operators.GetRole("a.smith")));
            Assert.AreEqual("qa", BatchNames.RoleName(operators.GetRole("qa.jones")));
            Assert.AreEqual("administrator", BatchNames.RoleName(operators.GetRole("admin")));
            Assert.AreEqual("none", BatchNames.RoleName(operators.GetRole("A.Smith")), "ids are exact");
            Assert.AreEqual("none", BatchNames.RoleName(operators.GetRole(null)));
            Assert.AreEqual(1, operators.GetReference("a.smith"));
            Assert.AreEqual(0, operators.GetReference("nobody"));
        }

        [TestMethod]
        public void WriteIsCanonicalAndReadsBack()
        {
            OperatorDirectory.Parse(Sample, out OperatorDirectory operators);

            string text = operators.Write();
            ValidationResult again = OperatorDirectory.Parse(text, out OperatorDirectory copy);

            Assert.AreEqual("[operators]\na.smith = technician\nqa.jones = qa\nadmin = administrator\n", text);
            Assert.IsTrue(again.IsValid, again.Text);
            Assert.AreEqual(text, copy.Write());
        }

        [TestMethod]
        [DataRow("[operators]\nx = technician\nX = qa\nadmin = administrator\n", 3, "already listed on line 2")]
        [DataRow("[operators]\nx = operator\nadmin = administrator\n", 2, "must be technician, qa or administrator, got 'operator'")]
        [DataRow("[operators]\nbad id = qa\nadmin = administrator\n", 2, "an operator id must be 1 to 32 characters")]
        [DataRow("x = qa\n[operators]\nadmin = administrator\n", 1, "operators must follow the [operators] line")]
        [DataRow("[users]\nadmin = administrator\n", 1, "unexpected section '[users]'")]
        [DataRow("[operators]\nadmin administrator\n", 2, "expected 'operator id = role'")]
        [DataRow("[operators]\nx = technician\n", 0, "at least one administrator")]
        [DataRow("[operators]\nadmin = administrator\n[operators]\n", 3, "unexpected section '[operators]'")]
        public void ErrorsNameTheLineAndTheRule(string text, int line, string fragment)
        {
            ValidationResult result = OperatorDirectory.Parse(text, out OperatorDirectory operators);

            Assert.IsFalse(result.IsValid, "'" + text + "' was accepted");
            Assert.IsNull(operators);
            Assert.AreEqual(line, result.LineNumber, result.Text);
            Assert.IsTrue(TestSupport.Contains(result.Message, fragment), result.Text);
        }

        [TestMethod]
        public void AddRefusesBadIdsRolesAndCaseDuplicates()
        {
            var operators = new OperatorDirectory();
            operators.Add("ok", OperatorRole.Technician);

            TestSupport.Throws(typeof(ArgumentException), () => operators.Add("OK", OperatorRole.Qa), "case duplicate");
            TestSupport.Throws(typeof(ArgumentException), () => operators.Add("two words", OperatorRole.Qa), "space");
            TestSupport.Throws(typeof(ArgumentException), () => operators.Add("x", OperatorRole.None), "no role");
            TestSupport.Throws(typeof(ArgumentException), () => operators.Add(null, OperatorRole.Qa), "null");
            Assert.AreEqual(1, operators.Count);
        }

        [TestMethod]
        public void DirectoryHoldsAtMost64Operators()
        {
            var operators = new OperatorDirectory();
            for (int i = 0; i < OperatorDirectory.MaximumOperators; i++)
            {
                operators.Add("op" + InvariantNumber.FormatInteger(i), OperatorRole.Technician);
            }

            TestSupport.Throws(typeof(ArgumentException), () => operators.Add("one.more", OperatorRole.Technician), "65th");
            Assert.AreEqual(64, operators.Count);
        }

        [TestMethod]
        public void TheControllerKeepsItsOwnCopy()
        {
            OperatorDirectory operators = BatchFixture.Operators();
            var batch = new BatchController(new BatchSettings(), operators);

            operators.Add("m.mallory", OperatorRole.Administrator);
            BatchResult result = batch.Execute(OperatorRequest.Note("m.mallory", "hello"), 0);

            Assert.AreEqual("UnknownOperator", BatchNames.ResultName(result.Code), "adding to the caller's object grants nothing");
        }

        [TestMethod]
        public void ChangeConfigurationReplacesTheDirectory()
        {
            BatchController batch = BatchFixture.InState(BatchState.Running, out long now);
            var operators = new OperatorDirectory();
            operators.Add("n.new", OperatorRole.Technician);
            operators.Add(BatchFixture.Admin, OperatorRole.Administrator);

            BatchResult result = batch.Execute(OperatorRequest.ChangeConfiguration(BatchFixture.Admin, operators, "staff change"), now);

            Assert.IsTrue(result.IsAccepted, result.Message);
            Assert.AreEqual("operator directory replaced: 2 operators", result.Message);
            Assert.IsTrue(batch.Execute(OperatorRequest.Note("n.new", "first shift"), now).IsAccepted, "the new technician");
            Assert.AreEqual("UnknownOperator", BatchNames.ResultName(batch.Execute(OperatorRequest.Note(BatchFixture.Tech, "x"), now).Code),
                "the removed technician");
            Assert.AreEqual("Running", BatchFixture.State(batch), "the batch runs on");
        }

        [TestMethod]
        public void ADirectoryWithoutAnAdministratorIsRefused()
        {
            BatchController batch = BatchFixture.InState(BatchState.Idle, out long now);
            var operators = new OperatorDirectory();
            operators.Add("t.only", OperatorRole.Technician);

            BatchResult noAdmin = batch.Execute(OperatorRequest.ChangeConfiguration(BatchFixture.Admin, operators, "oops"), now);
            BatchResult none = batch.Execute(OperatorRequest.ChangeConfiguration(BatchFixture.Admin, null, "oops"), now);

            Assert.AreEqual("InvalidValue", BatchNames.ResultName(noAdmin.Code));
            Assert.AreEqual("InvalidValue", BatchNames.ResultName(none.Code));
            Assert.IsTrue(batch.Execute(OperatorRequest.Note(BatchFixture.Admin, "still here"), now).Code
                == BatchResultCode.WrongState, "the administrator is still known (a note in Idle is a state refusal, not UnknownOperator)");
        }
    }
}
