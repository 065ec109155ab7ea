<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>BoundaryView</name>
    <message>
        <source>Show the test points (hollow) over the training points</source>
        <translation>在训练点上叠加显示测试点（空心）</translation>
    </message>
    <message>
        <source>There is no test set: every point of this data trains</source>
        <translation>没有测试集：这份数据的每个点都用于训练</translation>
    </message>
</context>
<context>
    <name>DataSection</name>
    <message>
        <source>Number of classes: arms of the spiral, Gaussian blobs</source>
        <translation>类别数：螺旋的臂数、高斯团的个数</translation>
    </message>
    <message>
        <source>Standardise inputs</source>
        <translation>标准化输入</translation>
    </message>
    <message>
        <source>Feed the network each input minus its mean, divided by its standard deviation (both from the training points)</source>
        <translation>给网络的每个输入先减去均值，再除以标准差（两者都由训练点算出）</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>Train share</source>
        <translation>训练集占比</translation>
    </message>
    <message>
        <source>Loaded points ({0})</source>
        <translation>载入的点（{0} 个）</translation>
    </message>
    <message>
        <source>Inputs: {0}</source>
        <translation>输入：{0}</translation>
    </message>
    <message>
        <source>all {0} points train</source>
        <translation>全部 {0} 个点都用于训练</translation>
    </message>
    <message>
        <source>{0} train · {1} test, as marked in the data</source>
        <translation>训练 {0} 个 · 测试 {1} 个，按数据中的标记划分</translation>
    </message>
</context>
<context>
    <name>ExperimentName</name>
    <message>
        <source>{0} imported points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no hidden layer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG vector image (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NumPy arrays (*.npz)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Python script (*.py)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as {format}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This data has no 2-D plane, so there is no decision boundary to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write {0}:
{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeaturesSection</name>
    <message>
        <source>Feed {0} to the network</source>
        <translation>把 {0} 输入网络</translation>
    </message>
    <message>
        <source>The network reads the data&apos;s one column: {0}. Input features need 2-D points.</source>
        <translation>网络直接读取数据仅有的一列：{0}。输入特征需要二维的点。</translation>
    </message>
    <message>
        <source>The network reads the data&apos;s {0} columns directly: {1}. Input features need 2-D points.</source>
        <translation>网络直接读取数据的 {0} 列：{1}。输入特征需要二维的点。</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>bplab experiments (*.bplab.json *.bplab *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xamples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No examples installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import data from CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open {0}:
{1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} does not exist any more (moved, renamed or deleted); it was removed from the recent files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot import data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save experiment as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save to {0}:
{1}

The file on disk was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave failed: {0}</source>
        <translation>自动保存失败：{0}</translation>
    </message>
    <message>
        <source>Could not restore the autosave</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormEdit</name>
    <message>
        <source>Change settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LearningRateCombo</name>
    <message>
        <source>“{0}” was not applied. {1}; it stays {2}.</source>
        <translation>“{0}”未被采用。{1}；仍为 {2}。</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>Train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation>测试损失</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Output and loss</source>
        <translation>输出与损失</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Step through</source>
        <translation>逐步讲解</translation>
    </message>
    <message>
        <source>One training step written out with its numbers; the graph on the left shows the neuron a line is about</source>
        <translation>把一个训练步连同其中的数值逐条写出；左侧的网络图会标出每行所讲的神经元</translation>
    </message>
    <message>
        <source>Step-through panel</source>
        <translation>逐步讲解面板</translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train exactly one epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New random weights, same data; back to epoch 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause and write out the next training step with its numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the step-through beside the network</source>
        <translation>在网络旁显示或隐藏逐步讲解</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import data from CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train on points from a CSV file: the last column is the label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About bplab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train / pause (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not changed: {0}.</source>
        <translation>未更改：{0}。</translation>
    </message>
    <message>
        <source>Cannot build this network: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network rebuilt: training restarts from epoch 0</source>
        <translation>网络已重建：训练从训练轮次 0 重新开始</translation>
    </message>
    <message>
        <source>These points are fixed: there is no new data to draw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New data from a fresh data seed; same architecture, fresh weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No decision boundary to draw: the data has %n input column(s), and the boundary view needs points in a 2-D plane.</source>
        <translation>
            <numerusform>无法绘制决策边界：数据有 %n 个输入列，而决策边界视图需要二维平面上的点。</numerusform>
        </translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Setting refused: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight not changed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bias not changed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Hide this message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>Sigmoid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ELU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Softplus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Squared error ½(y − ŷ)²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Binary cross-entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Softmax cross-entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient descent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMSProp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L1  λ·Σ|w|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2  λ·½Σw²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard normal (article)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uniform ±0.5, bias 0.1 (TF Playground)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Glorot / Xavier uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>He normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclusive or</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gaussian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spiral</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two moons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Three Gaussians</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XOR (4 points)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multi Gaussian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss curve as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss curve as SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss curve as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision boundary as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decision boundary as SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network graph as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network graph as SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole window as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training history as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data set as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights as NumPy .npz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standalone NumPy script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circle (TF Playground defaults)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>XOR from the article (2-2-1 sigmoid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two Gaussians (a single neuron)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Three Gaussians (softmax, 3 classes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plane (regression, linear output)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spiral (six features, three hidden layers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclusive or (4 tanh neurons)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <source>Epoch {0}</source>
        <translation>训练轮次 {0}</translation>
    </message>
    <message>
        <source>Accuracy – (not meaningful: training diverged)</source>
        <translation>准确率 –（无意义：训练已发散）</translation>
    </message>
    <message>
        <source>Measured on the weights shown now. They changed since the loss curve&apos;s last point (a weight set by hand, or a pause between epochs).</source>
        <translation>按当前显示的权重测得。自损失曲线的最后一个点以来，权重已有变化（手动设置了权重，或在两个训练轮次之间暂停）。</translation>
    </message>
    <message>
        <source>Measured at the end of the latest epoch, like the loss curve&apos;s last point.</source>
        <translation>在最近一个训练轮次结束时测得，与损失曲线的最后一个点相同。</translation>
    </message>
</context>
</TS>
