using Bioreactor.Control.Ports;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Safety;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// Why a sensor or actuator fault alarm was raised, for the batch record's Fault entry (Records' FaultEntry). The alarm
    /// transition says that the liquid probe failed and its last value; an investigation of the batch (EU GMP Annex 11 §9,
    /// 21 CFR 211.192) also needs how: safety's verdict (stale, frozen, implausible …) and the driver's own status. Internal
    /// to <see cref="BioreactorFirmware"/>: the control thread copies the three codes into a queue slot as the alarm is
    /// drained (no text there), the record thread writes the entry.
    /// </summary>
    /// <remarks>
    /// Fault entry fields: source = the fault alarm's <see cref="AlarmId"/> (numbered as in the alarm transitions);
    /// code = the <see cref="SensorVerdict"/> safety gave the reading that proves the fault (the probe's own for a sensor
    /// fault, the feedback sensor's for an actuator fault; 0, Ok, when safety accepted it and a loop's own check refused it,
    /// or the feedback itself showed the failed switch); description = "verdict &lt;name&gt;; driver &lt;status&gt;".
    /// </remarks>
    internal static class FaultCause
    {
        /// <summary>
        /// The cause of a raised sensor or actuator fault alarm; false for any other transition. Control thread, under the
        /// device lock; allocates nothing.
        /// </summary>
        internal static bool Find(AlarmTransition transition, BioreactorController controller, SafetySupervisor safety,
            out SensorVerdict verdict, out SensorStatus status)
        {
            SensorReading reading;
            verdict = SensorVerdict.Ok;
            status = SensorStatus.Ok;
            if (transition.Kind != AlarmTransitionKind.Raised)
            {
                return false;
            }

            switch (transition.Id)
            {
                case AlarmId.LiquidProbeFault:
                    reading = controller.LiquidReading;
                    verdict = safety.LiquidVerdict;
                    break;
                case AlarmId.PlateProbeFault:
                    reading = controller.PlateReading;
                    verdict = safety.PlateVerdict;
                    break;
                case AlarmId.Co2SensorFault:
                    reading = controller.Co2Reading;
                    verdict = safety.Co2Verdict;
                    break;
                case AlarmId.AngleSensorFault:
                    reading = controller.AngleReading;
                    verdict = safety.AngleVerdict;
                    break;
                case AlarmId.HeaterCurrentSensorFault:
                case AlarmId.HeaterFailedOff:
                case AlarmId.HeaterFailedOn:
                    reading = controller.HeaterCurrentReading;
                    verdict = safety.HeaterCurrentVerdict;
                    break;
                case AlarmId.Co2FlowSensorFault:
                case AlarmId.Co2FlowWhileClosed:
                case AlarmId.Co2NoFlowWhileOpen:
                    reading = controller.Co2FlowReading;
                    verdict = safety.Co2FlowVerdict;
                    break;
                default:
                    return false;
            }

            status = reading.Status;
            return true;
        }

        /// <summary>The entry's description (record thread: allocates).</summary>
        internal static string Describe(SensorVerdict verdict, SensorStatus status)
        {
            return "verdict " + VerdictName(verdict) + "; driver " + ProtocolNames.SensorStatusName(status);
        }

        private static string VerdictName(SensorVerdict verdict)
        {
            switch (verdict)
            {
                case SensorVerdict.Ok: return "ok";
                case SensorVerdict.DriverFault: return "driver_fault";
                case SensorVerdict.NotFinite: return "not_finite";
                case SensorVerdict.Implausible: return "implausible";
                case SensorVerdict.Stale: return "stale";
                case SensorVerdict.Frozen: return "frozen";
                default: return "unknown";
            }
        }
    }
}
