using System.Globalization;
using VideoGen.Worker.CommandLine;

namespace VideoGen.Bench;

/// <summary>What the offline camera moves cost a render: the typical lesson (with its clip) composed still and moving.</summary>
internal sealed record CameraCost(CompositionCost Still, CompositionCost Moving)
{
    public static async Task<CameraCost> MeasureAsync() =>
        new(await CompositionCost.MeasureAsync(camera: WorkerOptions.CameraOff), await CompositionCost.MeasureAsync(camera: WorkerOptions.CameraLocal));

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("Camera moves (--camera local against off, the typical lesson's render, medians of 3)");
        Console.WriteLine();
        Console.WriteLine("| measure | off | local | ratio | goal |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| render, CPU | {Still.Cpu.TotalSeconds:0.00} s | {Moving.Cpu.TotalSeconds:0.00} s | {Moving.Cpu / Still.Cpu:0.00}× | ≤ 1.25× |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| render, wall time | {Still.Wall.TotalSeconds:0.00} s | {Moving.Wall.TotalSeconds:0.00} s | {Moving.Wall / Still.Wall:0.00}× | ≤ 1.25× |"));
    }
}
