<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ArchitectureForm</name>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
</context>
<context>
    <name>BoundaryView</name>
    <message>
        <source>Show test data</source>
        <translation>显示测试数据</translation>
    </message>
    <message>
        <source>Discretize output</source>
        <translation>离散化输出</translation>
    </message>
    <message>
        <source>Show the test points (hollow) over the training points</source>
        <translation>在训练点上叠加显示测试点（空心）</translation>
    </message>
    <message>
        <source>There is no test set: every point of this data trains</source>
        <translation>没有测试集：这份数据的每个点都用于训练</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>类别 {0}</translation>
    </message>
    <message>
        <source>Network output</source>
        <translation>网络输出</translation>
    </message>
    <message>
        <source>Network output · other inputs at their mean</source>
        <translation>网络输出 · 其他输入取均值</translation>
    </message>
    <message>
        <source>Input · {0}</source>
        <translation>输入 · {0}</translation>
    </message>
    <message>
        <source>Output · neuron {0}</source>
        <translation>输出 · 神经元 {0}</translation>
    </message>
    <message>
        <source>Layer {0} · neuron {1}</source>
        <translation>第 {0} 层 · 神经元 {1}</translation>
    </message>
</context>
<context>
    <name>CodeView</name>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>The experiment as NumPy code, in step with the graph and the equations</source>
        <translation>以 NumPy 代码展示的实验，与网络图和公式同步</translation>
    </message>
    <message>
        <source>training step {0}</source>
        <translation>第 {0} 个训练步</translation>
    </message>
    <message>
        <source>the mini-batch&apos;s inputs, one row per point</source>
        <translation>小批量的输入，每个点一行</translation>
    </message>
    <message>
        <source>the mini-batch&apos;s targets y</source>
        <translation>小批量的目标值 y</translation>
    </message>
    <message>
        <source>net of layer {0}, one row per point</source>
        <translation>第 {0} 层的 net，每个点一行</translation>
    </message>
    <message>
        <source>h = f(net) of layer {0}, one row per point</source>
        <translation>第 {0} 层的 h = f(net)，每个点一行</translation>
    </message>
    <message>
        <source>the output ŷ, one row per point</source>
        <translation>输出 ŷ，每个点一行</translation>
    </message>
    <message>
        <source>y − ŷ, the article&apos;s error</source>
        <translation>y − ŷ，即文章中的误差</translation>
    </message>
    <message>
        <source>δ of layer {0} = ∂L/∂net</source>
        <translation>第 {0} 层的 δ = ∂L/∂net</translation>
    </message>
    <message>
        <source>the article&apos;s delta: −δ of layer {0}, because its error is y − ŷ</source>
        <translation>文章中的 delta：第 {0} 层的 −δ，因为它的误差是 y − ŷ</translation>
    </message>
    <message>
        <source>∂L/∂W{0} of the mini-batch</source>
        <translation>小批量的 ∂L/∂W{0}</translation>
    </message>
    <message>
        <source>∂L/∂b{0} of the mini-batch</source>
        <translation>小批量的 ∂L/∂b{0}</translation>
    </message>
    <message>
        <source>each point&apos;s loss L of the mini-batch</source>
        <translation>小批量中每个点的损失 L</translation>
    </message>
    <message>
        <source>{0} after this step&apos;s update</source>
        <translation>本步更新之后的 {0}</translation>
    </message>
    <message>
        <source>{0} before this step&apos;s update</source>
        <translation>本步更新之前的 {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;The article&apos;s program, corrected.&lt;/b&gt; The article prints:</source>
        <translation>&lt;b&gt;文章的程序（已修正）。&lt;/b&gt;文章中写的是：</translation>
    </message>
    <message>
        <source>Its weights are drawn as (n_in, n_out): np.random.randn(2, 2) and (2, 1). The first product runs but uses W1 turned over; the second stops the program in its first epoch, before anything is printed:</source>
        <translation>它的权重按 (n_in, n_out) 生成：np.random.randn(2, 2) 和 (2, 1)。第一个乘积能运行，但用的是转置后的 W1；第二个乘积在第一个训练轮次就让程序停下，什么也没有打印：</translation>
    </message>
    <message>
        <source>The fix keeps the shapes and drops the transposes; the hidden delta then takes W2.T. The marked lines (●) are the only changes. Its delta2 and delta1 are −δ (error = y − ŷ), so it adds η·layerᵀ·delta where the equations subtract η·∂L/∂w.</source>
        <translation>修正保留形状、去掉转置；隐藏层的 delta 改用 W2.T。标记的行（●）是仅有的改动。它的 delta2 和 delta1 是 −δ（error = y − ŷ），所以公式中减去 η·∂L/∂w 的地方，它加上 η·layerᵀ·delta。</translation>
    </message>
    <message>
        <source>This experiment as the NumPy script export writes it: the article&apos;s steps in the engine&apos;s order, W_l of shape (n_in, n_out).</source>
        <translation>本实验按 NumPy 脚本导出的写法：文章的步骤按引擎的顺序排列，W_l 的形状为 (n_in, n_out)。</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <source>The figures appear with the next frame of training.</source>
        <translation>数字随训练的下一帧出现。</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>{0}: no points</source>
        <translation>{0}：没有点</translation>
    </message>
    <message>
        <source>{0}: R² {1} · RMSE {2} ({3} points)</source>
        <translation>{0}：R² {1} · RMSE {2}（{3} 个点）</translation>
    </message>
    <message>
        <source>{0}: accuracy {1} ({2} points)</source>
        <translation>{0}：准确率 {1}（{2} 个点）</translation>
    </message>
    <message>
        <source>R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²: 1 is perfect, 0 no better than the mean. RMSE = √(mean of (y − ŷ)²), in the targets&apos; unit.</source>
        <translation>R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²：1 为完美，0 表示不比均值好。RMSE = √((y − ŷ)² 的均值)，单位与目标值相同。</translation>
    </message>
    <message>
        <source>true {0}</source>
        <translation>真实 {0}</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>right</source>
        <translation>正确</translation>
    </message>
</context>
<context>
    <name>DataDrawing</name>
    <message>
        <source>Draw data</source>
        <translation>绘制数据</translation>
    </message>
    <message>
        <source>Draw your own points on the boundary view: click to add, drag to spray, right-click to remove (Ctrl+D)</source>
        <translation>在决策边界视图上绘制自己的点：单击添加，拖动喷涂，右击删除（Ctrl+D）</translation>
    </message>
    <message>
        <source>The drawing has no points: click on the plane to add some, or Undo.</source>
        <translation>画面上没有点：在平面上单击添加一些点，或撤销。</translation>
    </message>
    <message numerus="yes">
        <source>Draw %n point(s)</source>
        <translation>
            <numerusform>绘制 %n 个点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n point(s)</source>
        <translation>
            <numerusform>删除 %n 个点</numerusform>
        </translation>
    </message>
    <message>
        <source>Clear the points</source>
        <translation>清除所有点</translation>
    </message>
    <message>
        <source>No points: click on the plane to add some (Undo brings the old ones back).</source>
        <translation>没有点：在平面上单击添加一些点（撤销可恢复原来的点）。</translation>
    </message>
    <message>
        <source>These points cannot be trained on: {0}</source>
        <translation>无法用这些点训练：{0}</translation>
    </message>
    <message>
        <source>Network rebuilt for the new output: training restarts from epoch 0</source>
        <translation>已为新的输出重建网络：训练从训练轮次 0 重新开始</translation>
    </message>
    <message>
        <source>Only class {0} has points: draw points of another class too, or the network has nothing to tell apart.</source>
        <translation>只有类别 {0} 有点：请再绘制另一个类别的点，否则网络没有可区分的东西。</translation>
    </message>
    <message>
        <source>Class {0} has no points: the network keeps an output for it that no point teaches. Draw some, or remove the points of the classes above it.</source>
        <translation>类别 {0} 没有点：网络为它保留了一个输出，却没有点来训练它。请绘制一些点，或删除比它编号更大的类别的点。</translation>
    </message>
</context>
<context>
    <name>DataSection</name>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>{0}–{1} classes</source>
        <translation>{0}–{1} 个类别</translation>
    </message>
    <message numerus="yes">
        <source>%n classes</source>
        <translation>
            <numerusform>%n 个类别</numerusform>
        </translation>
    </message>
    <message>
        <source>{0}  ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>The points to learn from</source>
        <translation>用来学习的数据点</translation>
    </message>
    <message>
        <source>Noise added to the data (0–50 %)</source>
        <translation>加到数据上的噪声（0–50 %）</translation>
    </message>
    <message>
        <source>Share of the points used for training; the rest is the test set</source>
        <translation>用于训练的点所占的比例；其余的点是测试集</translation>
    </message>
    <message>
        <source>Seed of the data and of the train/test split</source>
        <translation>数据以及训练集/测试集划分的随机种子</translation>
    </message>
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
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Train share</source>
        <translation>训练集占比</translation>
    </message>
    <message>
        <source>Data seed</source>
        <translation>数据种子</translation>
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
        <source>{0} train · {1} test</source>
        <translation>训练 {0} · 测试 {1}</translation>
    </message>
</context>
<context>
    <name>DistributionView</name>
    <message>
        <source>outputs h</source>
        <translation>输出 h</translation>
    </message>
    <message>
        <source>net inputs net</source>
        <translation>净输入 net</translation>
    </message>
    <message>
        <source>What the third column shows for each layer&apos;s neurons over the training points</source>
        <translation>第三列显示每层神经元在训练点上的哪种值</translation>
    </message>
    <message>
        <source>Third column:</source>
        <translation>第三列：</translation>
    </message>
    <message>
        <source>weights w</source>
        <translation>权重 w</translation>
    </message>
    <message>
        <source>biases b</source>
        <translation>偏置 b</translation>
    </message>
    <message>
        <source>output layer</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>hidden layer {0}</source>
        <translation>隐藏层 {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n training point(s)</source>
        <translation>
            <numerusform>%n 个训练点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n value(s); {0} not finite</source>
        <translation>
            <numerusform>%n 个值；其中 {0} 个不是有限数</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n value(s)</source>
        <translation>
            <numerusform>%n 个值</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DoctorPanel</name>
    <message>
        <source>Examine now</source>
        <translation>立即诊断</translation>
    </message>
    <message>
        <source>Run the doctor&apos;s checks on the network as it is now (while paused)</source>
        <translation>对当前的网络运行诊断检查（暂停时）</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) in this run</source>
        <translation>
            <numerusform>本次运行有 %n 个诊断结果</numerusform>
        </translation>
    </message>
    <message>
        <source>No problem found so far</source>
        <translation>目前没有发现问题</translation>
    </message>
    <message>
        <source>The doctor looks at the run while it trains</source>
        <translation>诊断在训练时检查本次运行</translation>
    </message>
</context>
<context>
    <name>DrawPanel</name>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>The target value of the points you draw</source>
        <translation>所绘制点的目标值</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Remove points: click or drag over them (a right-click removes the nearest point in any mode)</source>
        <translation>删除点：单击或拖过它们（任何模式下右击都会删除最近的点）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Remove every point (Undo brings them back)</source>
        <translation>删除所有点（撤销可恢复）</translation>
    </message>
    <message>
        <source>Click: add a point · drag: spray points · right-click: remove the nearest point</source>
        <translation>单击：添加一个点 · 拖动：喷涂点 · 右击：删除最近的点</translation>
    </message>
    <message>
        <source>Draw points of class {0}</source>
        <translation>绘制类别 {0} 的点</translation>
    </message>
    <message>
        <source>Draw points of a new class, {0}</source>
        <translation>绘制新类别 {0} 的点</translation>
    </message>
</context>
<context>
    <name>ExperimentName</name>
    <message>
        <source>{0} imported points</source>
        <translation>导入的 {0} 个点</translation>
    </message>
    <message>
        <source>no hidden layer</source>
        <translation>没有隐藏层</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG vector image (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npz)</source>
        <translation>NumPy 数组 (*.npz)</translation>
    </message>
    <message>
        <source>Python script (*.py)</source>
        <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
        <source>Export as {format}…</source>
        <translation>导出为 {format}…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>没有可导出的内容</translation>
    </message>
    <message>
        <source>This data has no 2-D plane, so there is no decision boundary to export.</source>
        <translation>这份数据不在二维平面上，所以没有可导出的决策边界。</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {0}:
{1}</source>
        <translation>无法写入 {0}：
{1}</translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation>已导出 {0}</translation>
    </message>
</context>
<context>
    <name>FeaturesSection</name>
    <message>
        <source>Input features</source>
        <translation>输入特征</translation>
    </message>
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
    <message>
        <source>At least one input feature must stay selected.</source>
        <translation>至少要保留一个选中的输入特征。</translation>
    </message>
</context>
<context>
    <name>FigureTabs</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Hidden space</source>
        <translation>隐藏空间</translation>
    </message>
    <message>
        <source>Train and test loss over the epochs</source>
        <translation>训练损失和测试损失随训练轮次的变化</translation>
    </message>
    <message>
        <source>The training points as a hidden layer sees them, with the input plane&apos;s grid bent by the layers below</source>
        <translation>隐藏层眼中的训练点，以及被下面各层弯曲后的输入平面网格</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Plot R² over the epochs under the loss</source>
        <translation>在损失下方绘制 R² 随训练轮次的变化</translation>
    </message>
    <message>
        <source>Plot the accuracy over the epochs under the loss</source>
        <translation>在损失下方绘制准确率随训练轮次的变化</translation>
    </message>
    <message>
        <source>R² and RMSE</source>
        <translation>R² 与 RMSE</translation>
    </message>
    <message>
        <source>R² and RMSE of the training and test points</source>
        <translation>训练点和测试点的 R² 与 RMSE</translation>
    </message>
    <message>
        <source>How many points of each class the network puts in each class, for the training and the test points</source>
        <translation>网络把每个类别的点分到各个类别的数量，分别对训练点和测试点统计</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>bplab experiments (*.bplab.json *.bplab *.json);;All files (*)</source>
        <translation>bplab 实验 (*.bplab.json *.bplab *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>E&amp;xamples</source>
        <translation>示例(&amp;X)</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近打开的文件</translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation>清空列表(&amp;C)</translation>
    </message>
    <message>
        <source>No examples installed</source>
        <translation>没有安装示例</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Import data from CSV</source>
        <translation>从 CSV 导入数据</translation>
    </message>
    <message>
        <source>Could not open the experiment</source>
        <translation>无法打开实验</translation>
    </message>
    <message>
        <source>Could not open {0}:
{1}</source>
        <translation>无法打开 {0}：
{1}</translation>
    </message>
    <message>
        <source>File not found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <source>{0} does not exist any more (moved, renamed or deleted); it was removed from the recent files.</source>
        <translation>{0} 已不存在（被移动、重命名或删除）；已从最近打开的文件中移除。</translation>
    </message>
    <message>
        <source>Could not open the example</source>
        <translation>无法打开示例</translation>
    </message>
    <message>
        <source>Cannot import data</source>
        <translation>无法导入数据</translation>
    </message>
    <message>
        <source>Save experiment as</source>
        <translation>实验另存为</translation>
    </message>
    <message>
        <source>Could not save the experiment</source>
        <translation>无法保存实验</translation>
    </message>
    <message>
        <source>Could not save to {0}:
{1}

The file on disk was not changed.</source>
        <translation>无法保存到 {0}：
{1}

磁盘上的文件没有改动。</translation>
    </message>
    <message>
        <source>Autosave failed: {0}</source>
        <translation>自动保存失败：{0}</translation>
    </message>
    <message>
        <source>Could not restore the autosave</source>
        <translation>无法恢复自动保存的内容</translation>
    </message>
</context>
<context>
    <name>FindingRow</name>
    <message>
        <source>Try: {0}</source>
        <translation>试试：{0}</translation>
    </message>
    <message>
        <source>Start a new run with this change, from the same seed, to compare</source>
        <translation>以这项改动、相同的种子开始一次新的运行，以便比较</translation>
    </message>
</context>
<context>
    <name>FormEdit</name>
    <message>
        <source>Change settings</source>
        <translation>更改设置</translation>
    </message>
</context>
<context>
    <name>GradientCheckView</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Largest relative error</source>
        <translation>最大相对误差</translation>
    </message>
    <message>
        <source>Compared</source>
        <translation>比较数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>agrees</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>Gradient check on the next mini-batch: backpropagation against central finite differences, largest relative error {0} (tolerance {1}; {2:.2f} s)</source>
        <translation>在下一个小批量上做梯度检验：反向传播与中心有限差分对比，最大相对误差 {0}（容差 {1}；{2:.2f} 秒）</translation>
    </message>
</context>
<context>
    <name>GradientLegend</name>
    <message>
        <source>mean |∂L/∂w|, last epoch (log scale)</source>
        <translation>|∂L/∂w| 的均值，上一个训练轮次（对数刻度）</translation>
    </message>
</context>
<context>
    <name>HiddenLayersEditor</name>
    <message>
        <source>+ layer</source>
        <translation>+ 层</translation>
    </message>
    <message>
        <source>Add a hidden layer (at most {0})</source>
        <translation>添加一个隐藏层（最多 {0} 个）</translation>
    </message>
    <message>
        <source>− layer</source>
        <translation>− 层</translation>
    </message>
    <message>
        <source>Remove the last hidden layer</source>
        <translation>删除最后一个隐藏层</translation>
    </message>
    <message numerus="yes">
        <source>%n hidden layer(s) (maximum)</source>
        <translation>
            <numerusform>%n 个隐藏层（已达上限）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hidden layer(s)</source>
        <translation>
            <numerusform>%n 个隐藏层</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n neuron(s)</source>
        <translation>
            <numerusform>%n 个神经元</numerusform>
        </translation>
    </message>
    <message>
        <source>Layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
    <message>
        <source>One neuron less</source>
        <translation>减少一个神经元</translation>
    </message>
    <message>
        <source>Neurons in hidden layer {0} (1 to {1})</source>
        <translation>第 {0} 个隐藏层的神经元个数（1 到 {1}）</translation>
    </message>
    <message>
        <source>One neuron more</source>
        <translation>增加一个神经元</translation>
    </message>
    <message>
        <source>Activation of hidden layer {0}</source>
        <translation>第 {0} 个隐藏层的激活函数</translation>
    </message>
</context>
<context>
    <name>HiddenSpaceView</name>
    <message>
        <source>The hidden layer whose outputs place the points</source>
        <translation>用其输出来摆放各点的隐藏层</translation>
    </message>
    <message>
        <source>First two principal components</source>
        <translation>前两个主成分</translation>
    </message>
    <message>
        <source>Two neurons</source>
        <translation>两个神经元</translation>
    </message>
    <message>
        <source>Principal components: the two directions in which the layer&apos;s outputs vary most. Two neurons: their outputs as they are.</source>
        <translation>主成分：该层输出变化最大的两个方向。两个神经元：直接用它们的输出。</translation>
    </message>
    <message>
        <source>Neuron on the horizontal axis</source>
        <translation>横轴上的神经元</translation>
    </message>
    <message>
        <source>Neuron on the vertical axis</source>
        <translation>纵轴上的神经元</translation>
    </message>
    <message>
        <source>Refit</source>
        <translation>重新拟合</translation>
    </message>
    <message>
        <source>The principal axes stay still while the network trains, so that what moves is the network; this fits them again to the outputs as they are now</source>
        <translation>网络训练时主成分轴保持不动，这样变化的只是网络；这会按当前的输出重新拟合主成分轴</translation>
    </message>
    <message>
        <source>x:</source>
        <translation>横轴：</translation>
    </message>
    <message>
        <source>y:</source>
        <translation>纵轴：</translation>
    </message>
    <message>
        <source>Layer {0} · {1} neurons</source>
        <translation>第 {0} 层 · {1} 个神经元</translation>
    </message>
    <message>
        <source>This network has no hidden layer: add one in the form to see the data in its space.</source>
        <translation>这个网络没有隐藏层：在表单中添加一个，才能看到数据在它的空间中的样子。</translation>
    </message>
    <message>
        <source>PC {0} ({1}%)</source>
        <translation>主成分 {0}（{1}%）</translation>
    </message>
    <message>
        <source>neuron {0}</source>
        <translation>神经元 {0}</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>Pause training to step through a pass</source>
        <translation>暂停训练后才能逐步讲解一次传播</translation>
    </message>
    <message>
        <source>, … ({0} in all)</source>
        <translation>，…（共 {0} 个）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Next: training step {0}&lt;/b&gt; ({1} steps, {2} epochs done so far). Its mini-batch: training points {3}.&lt;br&gt;Following sample {4} of {5} (point #{6}): x = ({7}), target y = {8}.</source>
        <translation>&lt;b&gt;下一步：第 {0} 个训练步&lt;/b&gt;（到目前为止已完成 {1} 步、{2} 个训练轮次）。它的小批量：训练点 {3}。&lt;br&gt;跟随第 {4} 个样本（共 {5} 个，点 #{6}）：x = ({7})，目标值 y = {8}。</translation>
    </message>
    <message>
        <source>sample </source>
        <translation>样本 </translation>
    </message>
    <message>
        <source>Which sample of the mini-batch the equations follow</source>
        <translation>公式跟随小批量中的哪一个样本</translation>
    </message>
    <message>
        <source>Explain next step</source>
        <translation>讲解下一步</translation>
    </message>
    <message>
        <source>Write out the step the trainer will take next, for the network as it is now</source>
        <translation>按网络当前的状态，写出训练器接下来要走的一步</translation>
    </message>
    <message>
        <source>Apply this step</source>
        <translation>执行这一步</translation>
    </message>
    <message>
        <source>Perform exactly this update: the weights become the new values shown under Update</source>
        <translation>正好执行这次更新：权重变成“更新”一节中显示的新值</translation>
    </message>
    <message>
        <source> of {0}</source>
        <translation> / {0}</translation>
    </message>
    <message>
        <source>Cannot explain this step: {0}</source>
        <translation>无法讲解这一步：{0}</translation>
    </message>
    <message>
        <source>The network changed since that explanation. Here is the step as it stands now; press Apply again to perform it.</source>
        <translation>讲解之后网络已经改变。下面是按现在的状态写出的这一步；再按一次“执行”即可执行它。</translation>
    </message>
    <message>
        <source>The trainer did not take the step.</source>
        <translation>训练器没有执行这一步。</translation>
    </message>
    <message>
        <source>Step {0} applied: every weight and bias now holds the new value that was shown under Update. Below: step {1}.</source>
        <translation>已执行第 {0} 步：每个权重和偏置都已变成“更新”一节中显示的新值。下面是第 {1} 步。</translation>
    </message>
    <message>
        <source>{0} = {1}  (the engine&apos;s value, full precision)</source>
        <translation>{0} = {1}（引擎算出的值，全部有效数字）</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
</context>
<context>
    <name>LayerStatsPlot</name>
    <message>
        <source>Gradient norm ‖∂L/∂W‖ (log scale)</source>
        <translation>梯度范数 ‖∂L/∂W‖（对数刻度）</translation>
    </message>
    <message>
        <source>Mean |δ| (log scale)</source>
        <translation>|δ| 的均值（对数刻度）</translation>
    </message>
    <message>
        <source>Share of saturated or dead neurons</source>
        <translation>饱和或死亡神经元的占比</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>训练轮次</translation>
    </message>
    <message>
        <source>Per layer:</source>
        <translation>每层：</translation>
    </message>
    <message>
        <source>layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
</context>
<context>
    <name>LearningRateCombo</name>
    <message>
        <source>“{0}” is not a number</source>
        <translation>“{0}”不是数字</translation>
    </message>
    <message>
        <source>The learning rate must be between {0} and {1}</source>
        <translation>学习率必须在 {0} 和 {1} 之间</translation>
    </message>
    <message>
        <source>Step size η of gradient descent. Changes apply at once, without a reset ({0} … {1}).</source>
        <translation>梯度下降的步长 η。修改立即生效，无需重置（{0} … {1}）。</translation>
    </message>
    <message>
        <source>“{0}” was not applied. {1}; it stays {2}.</source>
        <translation>“{0}”未被采用。{1}；仍为 {2}。</translation>
    </message>
</context>
<context>
    <name>Leftover</name>
    <message>
        <source>bplab did not close normally last time. Unsaved work was recovered: “{0}”, {1} (autosaved {2}).

Restore it?</source>
        <translation>bplab 上次没有正常关闭。已找回未保存的工作：“{0}”，{1}（自动保存于 {2}）。

要恢复吗？</translation>
    </message>
    <message>
        <source>bplab did not close normally last time. Unsaved work was recovered: “{0}”, {1}.

Restore it?</source>
        <translation>bplab 上次没有正常关闭。已找回未保存的工作：“{0}”，{1}。

要恢复吗？</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>weight / neuron output</source>
        <translation>权重 / 神经元输出</translation>
    </message>
    <message>
        <source>line width ∝ |w|</source>
        <translation>线宽 ∝ |w|</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>epoch</source>
        <translation>训练轮次</translation>
    </message>
    <message>
        <source>loss per point</source>
        <translation>每个点的损失</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Article&apos;s MSE</source>
        <translation>文章的均方误差</translation>
    </message>
    <message>
        <source>Also draw the figure the article&apos;s program prints: the mean of (y − ŷ)² over the training points, measured before each epoch&apos;s update (the loss curves show ½(y − ŷ)² per point).</source>
        <translation>同时画出文章的程序打印的数值：训练点上 (y − ŷ)² 的均值，在每个训练轮次的更新之前测得（损失曲线显示的是每个点的 ½(y − ŷ)²）。</translation>
    </message>
    <message>
        <source>Train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>Article&apos;s MSE (train)</source>
        <translation>文章的均方误差（训练集）</translation>
    </message>
    <message>
        <source>{0}: train</source>
        <translation>{0}：训练</translation>
    </message>
    <message>
        <source>{0}: test</source>
        <translation>{0}：测试</translation>
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
        <source>Pace</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Train exactly one epoch</source>
        <translation>只训练一个训练轮次</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>New random weights, same data; back to epoch 0</source>
        <translation>重新随机生成权重，数据不变；回到训练轮次 0</translation>
    </message>
    <message>
        <source>Pause and write out the next training step with its numbers</source>
        <translation>暂停，并把下一个训练步连同其中的数值逐条写出</translation>
    </message>
    <message>
        <source>Show or hide the step-through beside the network</source>
        <translation>在网络旁显示或隐藏逐步讲解</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Same initial weights and same data again, with the settings in force: see what one change does</source>
        <translation>用相同的初始权重和相同的数据、按当前设置重新训练：看看一项改动有什么效果</translation>
    </message>
    <message>
        <source>Check gradients</source>
        <translation>梯度检验</translation>
    </message>
    <message>
        <source>Pause and compare backpropagation&apos;s gradients with finite differences for the next mini-batch, layer by layer</source>
        <translation>暂停，并在下一个小批量上逐层比较反向传播的梯度与有限差分</translation>
    </message>
    <message>
        <source>Gradient flow</source>
        <translation>梯度流</translation>
    </message>
    <message>
        <source>Colour and size the links by their gradient, mean |∂L/∂w| over the last epoch&apos;s mini-batches (log scale), instead of their weight</source>
        <translation>按梯度而不是权重为连线着色并决定粗细：上一个训练轮次各小批量上 |∂L/∂w| 的均值（对数刻度）</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Import data from CSV…</source>
        <translation>从 CSV 导入数据(&amp;I)…</translation>
    </message>
    <message>
        <source>Train on points from a CSV file: the last column is the label</source>
        <translation>用 CSV 文件中的点训练：最后一列是标签</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About bplab</source>
        <translation>关于 bplab(&amp;A)</translation>
    </message>
    <message>
        <source>New data</source>
        <translation>新数据</translation>
    </message>
    <message>
        <source>Train / pause (Space)</source>
        <translation>训练 / 暂停（空格键）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Distributions</source>
        <translation>分布</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>各层</translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation>撤销“{0}”(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {0}</source>
        <translation>重做“{0}”(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Step cancelled inside epoch {0}: the next Step finishes it</source>
        <translation>已在训练轮次 {0} 中途取消单步：下一次单步会完成它</translation>
    </message>
    <message>
        <source>Doctor ({0})</source>
        <translation>诊断（{0}）</translation>
    </message>
    <message>
        <source>Not changed: {0}.</source>
        <translation>未更改：{0}。</translation>
    </message>
    <message>
        <source>Cannot build this network: {0}</source>
        <translation>无法构建这个网络：{0}</translation>
    </message>
    <message>
        <source>Network rebuilt: training restarts from epoch 0</source>
        <translation>网络已重建：训练从训练轮次 0 重新开始</translation>
    </message>
    <message>
        <source>These points are fixed: there is no new data to draw</source>
        <translation>这些点是固定的：没有新数据可以生成</translation>
    </message>
    <message>
        <source>New data from a fresh data seed; same architecture, fresh weights</source>
        <translation>用新的数据种子生成新数据；网络结构不变，权重重新生成</translation>
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
        <translation>设置未被接受：{0}</translation>
    </message>
    <message>
        <source>Weight not changed: {0}</source>
        <translation>权重未更改：{0}</translation>
    </message>
    <message>
        <source>Bias not changed: {0}</source>
        <translation>偏置未更改：{0}</translation>
    </message>
    <message>
        <source>Chinese text needs a font with Chinese characters, and none is installed: install the package fonts-noto-cjk (Debian, Ubuntu; Fedora: google-noto-sans-cjk-fonts), then start bplab again.</source>
        <translation>中文界面需要一种含有中文字符的字体，但系统中没有安装：请安装 fonts-noto-cjk 软件包（Debian、Ubuntu；Fedora 上是 google-noto-sans-cjk-fonts），然后重新启动 bplab。</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Hide this message</source>
        <translation>隐藏这条消息</translation>
    </message>
</context>
<context>
    <name>MiniBatchView</name>
    <message>
        <source>layer </source>
        <translation>层 </translation>
    </message>
    <message>
        <source>The layer of the weight (1 = the first hidden)</source>
        <translation>权重所在的层（1 = 第一个隐藏层）</translation>
    </message>
    <message>
        <source>into neuron </source>
        <translation>进入神经元 </translation>
    </message>
    <message>
        <source>j: the neuron the weight leads into</source>
        <translation>j：权重通往的神经元</translation>
    </message>
    <message>
        <source>from neuron </source>
        <translation>来自神经元 </translation>
    </message>
    <message>
        <source>i: the neuron it comes from in the layer before; &apos;bias&apos; for the neuron&apos;s bias b</source>
        <translation>i：权重来自前一层的哪个神经元；“偏置 b”表示该神经元的偏置 b</translation>
    </message>
    <message>
        <source>bias b</source>
        <translation>偏置 b</translation>
    </message>
    <message>
        <source>sample n of the mini-batch</source>
        <translation>小批量中的第 n 个样本</translation>
    </message>
    <message numerus="yes">
        <source>Each bar: one sample&apos;s own gradient ∂Lₙ/∂{0} = {1} (%n sample(s)).</source>
        <translation>
            <numerusform>每根柱：一个样本自己的梯度 ∂Lₙ/∂{0} = {1}（共 %n 个样本）。</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;The mini-batch&lt;/b&gt; for one weight:</source>
        <translation>&lt;b&gt;小批量&lt;/b&gt;，看一个权重：</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>总和</translation>
    </message>
    <message>
        <source>Full precision (the engine&apos;s values): ∂L/∂w of the data = {0!r}, penalty&apos;s term = {1!r}, gradient g = {2!r}, old value = {3!r}, new value = {4!r}, change = {5!r}</source>
        <translation>全部有效数字（引擎算出的值）：数据的 ∂L/∂w = {0!r}，惩罚项 = {1!r}，梯度 g = {2!r}，旧值 = {3!r}，新值 = {4!r}，变化 = {5!r}</translation>
    </message>
    <message>
        <source>∂L/∂{0} = (1/N) Σₙ ∂Lₙ/∂{0} = {1} / {2} = &lt;b&gt;{3}&lt;/b&gt;  (the loss is the mean over the batch)</source>
        <translation>∂L/∂{0} = (1/N) Σₙ ∂Lₙ/∂{0} = {1} / {2} = &lt;b&gt;{3}&lt;/b&gt;（损失是对这批样本取平均）</translation>
    </message>
    <message>
        <source>∂L/∂{0} = Σₙ ∂Lₙ/∂{0} = &lt;b&gt;{1}&lt;/b&gt;  (the loss is the sum over the batch)</source>
        <translation>∂L/∂{0} = Σₙ ∂Lₙ/∂{0} = &lt;b&gt;{1}&lt;/b&gt;（损失是对这批样本求和）</translation>
    </message>
    <message>
        <source>g = ∂L/∂{0} + the {1} penalty&apos;s term {2} = &lt;b&gt;{3}&lt;/b&gt;</source>
        <translation>g = ∂L/∂{0} + {1} 惩罚项 {2} = &lt;b&gt;{3}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Update Δ{0} = −η · {1} = −{2} × {3} = &lt;b&gt;{4}&lt;/b&gt;</source>
        <translation>更新 Δ{0} = −η · {1} = −{2} × {3} = &lt;b&gt;{4}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Update by {0} (it mixes {1} = {2} with its own running state): Δ{3} = &lt;b&gt;{4}&lt;/b&gt;</source>
        <translation>由 {0} 更新（它把 {1} = {2} 与自身累积的状态结合）：Δ{3} = &lt;b&gt;{4}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{0}: {1} → {2}</source>
        <translation>{0}：{1} → {2}</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>Softplus</source>
        <translation>Softplus</translation>
    </message>
    <message>
        <source>Swish</source>
        <translation>Swish</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation>Softmax</translation>
    </message>
    <message>
        <source>net if net &gt; 0 else e^net − 1</source>
        <translation>net &gt; 0 时为 net，否则为 e^net − 1</translation>
    </message>
    <message>
        <source>Squared error ½(y − ŷ)²</source>
        <translation>平方误差 ½(y − ŷ)²</translation>
    </message>
    <message>
        <source>Binary cross-entropy</source>
        <translation>二元交叉熵</translation>
    </message>
    <message>
        <source>Softmax cross-entropy</source>
        <translation>Softmax 交叉熵</translation>
    </message>
    <message>
        <source>Gradient descent</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>RMSProp</source>
        <translation>RMSProp</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>L1  λ·Σ|w|</source>
        <translation>L1  λ·Σ|w|</translation>
    </message>
    <message>
        <source>L2  λ·½Σw²</source>
        <translation>L2  λ·½Σw²</translation>
    </message>
    <message>
        <source>Standard normal (article)</source>
        <translation>标准正态分布（文章的做法）</translation>
    </message>
    <message>
        <source>Uniform ±0.5, bias 0.1 (TF Playground)</source>
        <translation>均匀分布 ±0.5，偏置 0.1（TF Playground）</translation>
    </message>
    <message>
        <source>Glorot / Xavier uniform</source>
        <translation>Glorot / Xavier 均匀分布</translation>
    </message>
    <message>
        <source>He normal</source>
        <translation>He 正态分布</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <source>Circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <source>Exclusive or</source>
        <translation>异或</translation>
    </message>
    <message>
        <source>Gaussian</source>
        <translation>高斯</translation>
    </message>
    <message>
        <source>Spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>Two moons</source>
        <translation>双月形</translation>
    </message>
    <message>
        <source>Three Gaussians</source>
        <translation>三个高斯团</translation>
    </message>
    <message>
        <source>XOR (4 points)</source>
        <translation>异或（4 个点）</translation>
    </message>
    <message>
        <source>Plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>Multi Gaussian</source>
        <translation>多个高斯</translation>
    </message>
    <message>
        <source>Loss curve as PNG</source>
        <translation>损失曲线（PNG）</translation>
    </message>
    <message>
        <source>Loss curve as SVG</source>
        <translation>损失曲线（SVG）</translation>
    </message>
    <message>
        <source>Loss curve as CSV</source>
        <translation>损失曲线（CSV）</translation>
    </message>
    <message>
        <source>Decision boundary as PNG</source>
        <translation>决策边界（PNG）</translation>
    </message>
    <message>
        <source>Decision boundary as SVG</source>
        <translation>决策边界（SVG）</translation>
    </message>
    <message>
        <source>Network graph as PNG</source>
        <translation>网络图（PNG）</translation>
    </message>
    <message>
        <source>Network graph as SVG</source>
        <translation>网络图（SVG）</translation>
    </message>
    <message>
        <source>Whole window as PNG</source>
        <translation>整个窗口（PNG）</translation>
    </message>
    <message>
        <source>Training history as CSV</source>
        <translation>训练历史（CSV）</translation>
    </message>
    <message>
        <source>Data set as CSV</source>
        <translation>数据集（CSV）</translation>
    </message>
    <message>
        <source>Weights as NumPy .npz</source>
        <translation>权重（NumPy .npz）</translation>
    </message>
    <message>
        <source>Standalone NumPy script</source>
        <translation>独立的 NumPy 脚本</translation>
    </message>
    <message>
        <source>PyTorch script</source>
        <translation>PyTorch 脚本</translation>
    </message>
    <message>
        <source>All runs as CSV</source>
        <translation>所有运行（CSV）</translation>
    </message>
    <message>
        <source>Circle (TF Playground defaults)</source>
        <translation>圆形（TF Playground 的默认设置）</translation>
    </message>
    <message>
        <source>XOR from the article (2-2-1 sigmoid)</source>
        <translation>文章中的异或（2-2-1 Sigmoid）</translation>
    </message>
    <message>
        <source>Two Gaussians (a single neuron)</source>
        <translation>两个高斯团（单个神经元）</translation>
    </message>
    <message>
        <source>Three Gaussians (softmax, 3 classes)</source>
        <translation>三个高斯团（Softmax，3 个类别）</translation>
    </message>
    <message>
        <source>Plane (regression, linear output)</source>
        <translation>平面（回归，线性输出）</translation>
    </message>
    <message>
        <source>Spiral (six features, three hidden layers)</source>
        <translation>螺旋（六个特征，三个隐藏层）</translation>
    </message>
    <message>
        <source>Exclusive or (4 tanh neurons)</source>
        <translation>异或（4 个 tanh 神经元）</translation>
    </message>
    <message>
        <source>Article §4.1: sigmoid hidden layer, linear output (regression)</source>
        <translation>文章 §4.1：Sigmoid 隐藏层，线性输出（回归）</translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>In</source>
        <comment>short for Input</comment>
        <translation>入</translation>
    </message>
    <message numerus="yes">
        <source>%n feature(s)</source>
        <translation>
            <numerusform>%n 个特征</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in</source>
        <comment>short</comment>
        <translation>
            <numerusform>%n 个输入</numerusform>
        </translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Out</source>
        <comment>short for Output</comment>
        <translation>出</translation>
    </message>
    <message>
        <source>Layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
    <message>
        <source>L{0}</source>
        <translation>L{0}</translation>
    </message>
    <message numerus="yes">
        <source>%n neuron(s)</source>
        <translation>
            <numerusform>%n 个神经元</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n n</source>
        <comment>short for neurons</comment>
        <translation>
            <numerusform>%n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>L{0}·n{1}</source>
        <translation>L{0}·n{1}</translation>
    </message>
    <message>
        <source>Layer {0} · neuron {1}</source>
        <translation>第 {0} 层 · 神经元 {1}</translation>
    </message>
    <message>
        <source>weight {0} → {1}</source>
        <translation>权重 {0} → {1}</translation>
    </message>
    <message>
        <source>click to edit</source>
        <translation>点击编辑</translation>
    </message>
    <message>
        <source>bias of {0}</source>
        <translation>{0} 的偏置</translation>
    </message>
    <message>
        <source>input feature</source>
        <translation>输入特征</translation>
    </message>
    <message>
        <source>{0} · bias {1}</source>
        <translation>{0} · 偏置 {1}</translation>
    </message>
    <message>
        <source>Weight {0} → {1}</source>
        <translation>权重 {0} → {1}</translation>
    </message>
    <message>
        <source>Bias of {0}</source>
        <translation>{0} 的偏置</translation>
    </message>
    <message>
        <source>Edit value</source>
        <translation>编辑数值</translation>
    </message>
    <message>
        <source>showing the {0} strongest of {1} links</source>
        <translation>显示 {1} 条连接中最强的 {0} 条</translation>
    </message>
</context>
<context>
    <name>OutputSection</name>
    <message>
        <source>Output and loss</source>
        <translation>输出与损失</translation>
    </message>
    <message>
        <source>Activation of the output layer</source>
        <translation>输出层的激活函数</translation>
    </message>
    <message>
        <source>Loss L to minimise; only losses that fit the output activation are offered</source>
        <translation>要最小化的损失 L；只列出与输出层激活函数相配的损失函数</translation>
    </message>
    <message>
        <source>How per-sample losses are combined</source>
        <translation>各样本的损失如何汇总</translation>
    </message>
    <message>
        <source>Mean over the batch</source>
        <translation>对批取平均</translation>
    </message>
    <message>
        <source>Sum over the batch</source>
        <translation>对批求和</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Reduction</source>
        <translation>汇总方式</translation>
    </message>
    <message numerus="yes">
        <source>%n classes need a softmax output with one neuron per class.</source>
        <translation>
            <numerusform>%n 个类别需要 Softmax 输出，每个类别一个神经元。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PaceControl</name>
    <message>
        <source>Pace: epochs trained per second while playing. At 30 epochs/s and below every epoch is drawn; at 1 and 3 each mini-batch is, with its points ringed. Max trains as fast as the machine can.</source>
        <translation>速度：训练时每秒训练的训练轮次数。30 训练轮次/秒及以下时每个训练轮次都会绘制；1 和 3 时每个小批量都会绘制，并圈出其中的点。“最快”让机器尽可能快地训练。</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>最快</translation>
    </message>
    <message>
        <source>1 epoch/s</source>
        <translation>1 训练轮次/秒</translation>
    </message>
    <message>
        <source>{0} epochs/s</source>
        <translation>{0} 训练轮次/秒</translation>
    </message>
</context>
<context>
    <name>PairChooser</name>
    <message>
        <source>The input on the horizontal axis</source>
        <translation>横轴上的输入</translation>
    </message>
    <message>
        <source>The input on the vertical axis</source>
        <translation>纵轴上的输入</translation>
    </message>
    <message>
        <source>The two inputs on the boundary&apos;s axes</source>
        <translation>决策边界视图两个坐标轴上的输入</translation>
    </message>
    <message>
        <source>and {0} more</source>
        <translation>另有 {0} 个</translation>
    </message>
    <message>
        <source>Other inputs held at their training mean: {0}</source>
        <translation>其他输入固定为训练集均值：{0}</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>RunLabels</name>
    <message>
        <source>circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <source>xor</source>
        <translation>异或</translation>
    </message>
    <message>
        <source>gauss</source>
        <translation>高斯</translation>
    </message>
    <message>
        <source>spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>双月形</translation>
    </message>
    <message>
        <source>gauss3</source>
        <translation>三个高斯团</translation>
    </message>
    <message>
        <source>article xor</source>
        <translation>异或（4 个点）</translation>
    </message>
    <message>
        <source>plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>multi gauss</source>
        <translation>多个高斯</translation>
    </message>
    <message>
        <source>sgd</source>
        <translation>梯度下降</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>nesterov</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>rmsprop</source>
        <translation>RMSProp</translation>
    </message>
    <message>
        <source>adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>article</source>
        <translation>标准正态（文章）</translation>
    </message>
    <message>
        <source>uniform</source>
        <translation>均匀 ±0.5</translation>
    </message>
    <message>
        <source>glorot</source>
        <translation>Glorot</translation>
    </message>
    <message>
        <source>he</source>
        <translation>He</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>squared error</source>
        <translation>平方误差</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>softmax cross-entropy</source>
        <translation>Softmax 交叉熵</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>总和</translation>
    </message>
    <message>
        <source>no hidden layer</source>
        <translation>没有隐藏层</translation>
    </message>
    <message>
        <source>loaded points</source>
        <translation>载入的点</translation>
    </message>
    <message>
        <source>default points</source>
        <translation>默认点数</translation>
    </message>
    <message>
        <source>{0} points</source>
        <translation>{0} 个点</translation>
    </message>
    <message>
        <source>noise {0}%</source>
        <translation>噪声 {0}%</translation>
    </message>
    <message>
        <source>train {0}%</source>
        <translation>训练集 {0}%</translation>
    </message>
    <message>
        <source>data seed {0}</source>
        <translation>数据种子 {0}</translation>
    </message>
    <message>
        <source>no features</source>
        <translation>没有特征</translation>
    </message>
    <message>
        <source>lr {0}</source>
        <translation>学习率 {0}</translation>
    </message>
    <message>
        <source>{0} init</source>
        <translation>初始化：{0}</translation>
    </message>
    <message>
        <source>seed {0}</source>
        <translation>种子 {0}</translation>
    </message>
    <message>
        <source>batch {0}</source>
        <translation>批大小 {0}</translation>
    </message>
    <message>
        <source>no regularization</source>
        <translation>无正则化</translation>
    </message>
    <message>
        <source>{0} over the batch</source>
        <translation>批内{0}</translation>
    </message>
    <message>
        <source>shuffled</source>
        <translation>打乱顺序</translation>
    </message>
    <message>
        <source>not shuffled</source>
        <translation>不打乱顺序</translation>
    </message>
    <message>
        <source>{0} output</source>
        <translation>输出：{0}</translation>
    </message>
    <message>
        <source>same settings</source>
        <translation>设置相同</translation>
    </message>
    <message>
        <source> +{0} more</source>
        <translation>，另有 {0} 项</translation>
    </message>
</context>
<context>
    <name>RunsActions</name>
    <message>
        <source>Restarted: run {0} begins from the same initial weights and data</source>
        <translation>已重新开始：运行 {0} 从相同的初始权重和数据开始</translation>
    </message>
    <message>
        <source>Run {0} is the current run</source>
        <translation>运行 {0} 就是当前运行</translation>
    </message>
    <message>
        <source>Run {0} cannot be restored: {1}</source>
        <translation>无法恢复运行 {0}：{1}</translation>
    </message>
    <message>
        <source>Run {0} restored: its settings and final weights</source>
        <translation>已恢复运行 {0}：它的设置和最终权重</translation>
    </message>
    <message>
        <source>Run {0} restored: its settings; its weights were not kept (a large network), so it starts again from its initial weights</source>
        <translation>已恢复运行 {0}：它的设置；它的权重没有保存（网络较大），因此从它的初始权重重新开始</translation>
    </message>
    <message>
        <source>Run {0} ({1})</source>
        <translation>运行 {0}（{1}）</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮次</translation>
    </message>
    <message>
        <source>Train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>Train acc.</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>Test acc.</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Lay over the loss plot</source>
        <translation>叠加到损失曲线图上</translation>
    </message>
    <message>
        <source>Pinned runs are kept however many runs follow</source>
        <translation>固定的运行无论后面有多少次运行都会保留</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Go back to the selected run: its settings and final weights</source>
        <translation>回到所选的运行：它的设置和最终权重</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Give the selected run a name of your own (F2)</source>
        <translation>给所选的运行起一个自己的名字（F2）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Forget the selected runs (not the current one)</source>
        <translation>删除所选的运行（当前运行除外）</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>All runs in one CSV: run, label, epoch, losses, accuracies</source>
        <translation>所有运行放在一个 CSV 中：运行、标签、训练轮次、损失、准确率</translation>
    </message>
    <message>
        <source>Runs ({0})</source>
        <translation>运行（{0}）</translation>
    </message>
    <message>
        <source>The current run: always on the loss plot</source>
        <translation>当前运行：总是显示在损失曲线图上</translation>
    </message>
    <message>
        <source>Lay this run&apos;s losses over the loss plot</source>
        <translation>把这次运行的损失叠加到损失曲线图上</translation>
    </message>
    <message>
        <source>Pinned: kept however many runs follow</source>
        <translation>已固定：无论后面有多少次运行都会保留</translation>
    </message>
    <message>
        <source>The current run: the weights shown</source>
        <translation>当前运行：显示的就是它的权重</translation>
    </message>
</context>
<context>
    <name>ScaleDialog</name>
    <message>
        <source>PNG resolution</source>
        <translation>PNG 分辨率</translation>
    </message>
    <message>
        <source>Size of the picture:</source>
        <translation>图片尺寸：</translation>
    </message>
    <message>
        <source>{0}× — for slides   ({1} × {2} pixels)</source>
        <translation>{0}× — 适合幻灯片   （{1} × {2} 像素）</translation>
    </message>
    <message>
        <source>{0}×   ({1} × {2} pixels)</source>
        <translation>{0}×   （{1} × {2} 像素）</translation>
    </message>
</context>
<context>
    <name>ScorePlot</name>
    <message>
        <source>epoch</source>
        <translation>训练轮次</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>StageOverlay</name>
    <message>
        <source>loss of this sample: L = {0}</source>
        <translation>这个样本的损失：L = {0}</translation>
    </message>
    <message>
        <source>loss of the mini-batch: {0}</source>
        <translation>小批量的损失：{0}</translation>
    </message>
    <message>
        <source>Lit links carry the signal into this layer (colour: weight). Nodes: net and h for the followed sample.</source>
        <translation>亮起的连线把信号送入这一层（颜色：权重）。节点旁：所跟随样本的 net 和 h。</translation>
    </message>
    <message>
        <source>The loss at the output, for the sample and the mini-batch.</source>
        <translation>输出处的损失：这个样本的，以及小批量的。</translation>
    </message>
    <message>
        <source>∂L/∂w for the mini-batch</source>
        <translation>小批量的 ∂L/∂w</translation>
    </message>
    <message>
        <source>change Δw of this step</source>
        <translation>这一步的变化 Δw</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>负</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>正</translation>
    </message>
    <message>
        <source>Links and biases: {0}, width ∝ its size</source>
        <translation>连线和偏置：{0}，粗细 ∝ 其大小</translation>
    </message>
    <message>
        <source>Nodes: δ = ∂L/∂net</source>
        <translation>节点旁：δ = ∂L/∂net</translation>
    </message>
</context>
<context>
    <name>StageStepper</name>
    <message>
        <source>◀ Previous stage</source>
        <translation>◀ 上一阶段</translation>
    </message>
    <message>
        <source>Show the stage before this one on the graph</source>
        <translation>在图上显示前一个阶段</translation>
    </message>
    <message>
        <source>Next stage ▶</source>
        <translation>下一阶段 ▶</translation>
    </message>
    <message>
        <source>Animate the step on the graph: forward layer by layer, the loss, backward layer by layer, the update</source>
        <translation>在图上演示这一步：逐层向前、损失、逐层向后、更新</translation>
    </message>
    <message>
        <source>Play stages</source>
        <translation>播放各阶段</translation>
    </message>
    <message>
        <source>Show the stages one after another</source>
        <translation>依次显示各个阶段</translation>
    </message>
    <message>
        <source>Play speed: slower to the left, faster to the right</source>
        <translation>播放速度：向左更慢，向右更快</translation>
    </message>
    <message>
        <source>Next stage animates this step on the graph</source>
        <translation>“下一阶段”在图上逐阶段演示这一步</translation>
    </message>
    <message>
        <source>Forward: layer {0} of {1}</source>
        <translation>前向传播：第 {0} 层（共 {1} 层）</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Backward: layer {0}</source>
        <translation>反向传播：第 {0} 层</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Stage {0} of {1}</source>
        <translation>第 {0} 个阶段（共 {1} 个）</translation>
    </message>
</context>
<context>
    <name>StepProgress</name>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop this Step where it is; the next Step finishes the epoch</source>
        <translation>让这次单步停在当前位置；下一次单步会完成这个训练轮次</translation>
    </message>
    <message>
        <source>Epoch {0}</source>
        <translation>训练轮次 {0}</translation>
    </message>
    <message>
        <source>{0} of {1} mini-batches</source>
        <translation>小批量 {0} / {1}</translation>
    </message>
</context>
<context>
    <name>StopRulesSection</name>
    <message>
        <source>Stop rules</source>
        <translation>停止规则</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Stop when this many epochs are done (“never”: no limit)</source>
        <translation>完成这么多训练轮次后停止（“从不”：不限制）</translation>
    </message>
    <message>
        <source>Stop when the train loss reaches this value or less (“never”: no limit)</source>
        <translation>训练损失降到这个值或更低时停止（“从不”：不限制）</translation>
    </message>
    <message>
        <source>Early stopping: stop when the test loss (the train loss if there is no test set) has not improved for this many epochs</source>
        <translation>早停：测试损失（没有测试集时为训练损失）连续这么多训练轮次没有改善时停止</translation>
    </message>
    <message numerus="yes">
        <source>%n epoch(s)</source>
        <translation>
            <numerusform>%n 个训练轮次</numerusform>
        </translation>
    </message>
    <message>
        <source>Go back to the best weights</source>
        <translation>回到最佳权重</translation>
    </message>
    <message>
        <source>After an early stop, put back the weights of the epoch with the best loss</source>
        <translation>早停之后，恢复损失最好的那个训练轮次的权重</translation>
    </message>
    <message>
        <source>Stop at epoch</source>
        <translation>停止于训练轮次</translation>
    </message>
    <message>
        <source>Stop at loss</source>
        <translation>停止于损失</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>耐心值</translation>
    </message>
</context>
<context>
    <name>StopText</name>
    <message>
        <source>Stopped: reached epoch {0}</source>
        <translation>已停止：到达训练轮次 {0}</translation>
    </message>
    <message>
        <source>Stopped: the train loss reached {0} (at most {1}) at epoch {2}</source>
        <translation>已停止：训练损失在训练轮次 {2} 达到 {0}（不超过 {1}）</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message numerus="yes">
        <source>Stopped: {0} has not improved for %n epoch(s); best {1} at epoch {2}</source>
        <translation>
            <numerusform>已停止：{0}已连续 %n 个训练轮次没有改善；最好为 {1}（训练轮次 {2}）</numerusform>
        </translation>
    </message>
    <message>
        <source>, restored</source>
        <translation>，已恢复</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <source>Training stopped because of an error: {0}: {1}</source>
        <translation>训练因错误而停止：{0}：{1}</translation>
    </message>
    <message>
        <source>training did not pause within {0} s, so nothing was changed; try again in a moment</source>
        <translation>训练没有在 {0} 秒内暂停，所以什么都没有改动；请稍后再试</translation>
    </message>
    <message>
        <source>The training process ended unexpectedly; the network is back where this run began and goes on training in the window&apos;s own process.</source>
        <translation>训练进程意外结束；网络已回到本次运行开始时的状态，并在窗口自己的进程中继续训练。</translation>
    </message>
</context>
<context>
    <name>TrainingSection</name>
    <message>
        <source>momentum</source>
        <translation>动量 μ</translation>
    </message>
    <message>
        <source>rho</source>
        <translation>ρ</translation>
    </message>
    <message>
        <source>beta1</source>
        <translation>β₁</translation>
    </message>
    <message>
        <source>beta2</source>
        <translation>β₂</translation>
    </message>
    <message>
        <source>eps</source>
        <translation>ε</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>How gradients update the weights (applies without a reset)</source>
        <translation>梯度如何更新权重（无需重置即可生效）</translation>
    </message>
    <message>
        <source>Penalty on the weights (never the biases)</source>
        <translation>对权重的惩罚项（从不作用于偏置）</translation>
    </message>
    <message>
        <source>Regularization rate λ (0 to {0})</source>
        <translation>正则化系数 λ（0 到 {0}）</translation>
    </message>
    <message>
        <source>How the first weights are drawn</source>
        <translation>初始权重如何生成</translation>
    </message>
    <message>
        <source>Seed of the first weights and of the mini-batch order</source>
        <translation>初始权重以及小批量顺序的随机种子</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Regularization</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>Reg. rate</source>
        <translation>正则化系数</translation>
    </message>
    <message>
        <source>Initializer</source>
        <translation>初始化方法</translation>
    </message>
    <message>
        <source>Weight seed</source>
        <translation>权重种子</translation>
    </message>
    <message>
        <source>Points per gradient step (1 to {0}, the training-set size)</source>
        <translation>每个梯度步使用的点数（1 到 {0}，即训练集的大小）</translation>
    </message>
    <message>
        <source>{0}: {1} ({2} to {3}; default {4})</source>
        <translation>{0}：{1}（{2} 到 {3}；默认 {4}）</translation>
    </message>
</context>
<context>
    <name>Walkthrough</name>
    <message>
        <source>Squared error, the article&apos;s loss: L = ½(y − ŷ)² for one sample (½ Σₖ (yₖ − ŷₖ)² with several outputs).</source>
        <translation>平方误差，即文章中的损失函数：单个样本的 L = ½(y − ŷ)²（有多个输出时为 ½ Σₖ (yₖ − ŷₖ)²）。</translation>
    </message>
    <message>
        <source>Binary cross-entropy for one sample: L = −y ln ŷ − (1 − y) ln(1 − ŷ).</source>
        <translation>单个样本的二元交叉熵：L = −y ln ŷ − (1 − y) ln(1 − ŷ)。</translation>
    </message>
    <message>
        <source>Softmax cross-entropy for one sample: L = −Σₖ yₖ ln ŷₖ, that is −ln of the probability given to the true class.</source>
        <translation>单个样本的 Softmax 交叉熵：L = −Σₖ yₖ ln ŷₖ，也就是真实类别所得概率的 −ln。</translation>
    </message>
    <message>
        <source>… and {0} more neurons in this layer</source>
        <translation>… 这一层还有 {0} 个神经元</translation>
    </message>
    <message>
        <source>… and {0} more outputs</source>
        <translation>… 还有 {0} 个输出</translation>
    </message>
    <message>
        <source>… and {0} more inputs</source>
        <translation>… 还有 {0} 个输入</translation>
    </message>
    <message>
        <source>… and {0} more weights into this neuron</source>
        <translation>… 还有 {0} 个连入这个神经元的权重</translation>
    </message>
    <message>
        <source>{0} more terms: {1}</source>
        <translation>其余 {0} 项：{1}</translation>
    </message>
    <message>
        <source>input layer</source>
        <translation>输入层</translation>
    </message>
    <message>
        <source>output layer · {0}</source>
        <translation>输出层 · {0}</translation>
    </message>
    <message>
        <source>hidden layer {0} · {1}</source>
        <translation>第 {0} 个隐藏层 · {1}</translation>
    </message>
    <message>
        <source>hidden layer · {0}</source>
        <translation>隐藏层 · {0}</translation>
    </message>
    <message>
        <source>feature {0} of the point</source>
        <translation>这个点的特征 {0}</translation>
    </message>
    <message>
        <source>column {0} of the point</source>
        <translation>这个点的第 {0} 列</translation>
    </message>
    <message>
        <source>Each neuron adds up its weighted inputs and its bias, net = Σ w x + b, then applies its activation: h = f(net).  Layer by layer, from the inputs to the output ŷ.</source>
        <translation>每个神经元先求输入的加权和再加上偏置，net = Σ w x + b，然后经过激活函数：h = f(net)。从输入到输出 ŷ，逐层进行。</translation>
    </message>
    <message>
        <source>Forward pass</source>
        <translation>前向传播</translation>
    </message>
    <message>
        <source>the target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>target for output {0}</source>
        <translation>输出 {0} 的目标值</translation>
    </message>
    <message>
        <source>computed from net = {0} as ln(1 + e^net) − y·net, the same quantity without rounding ŷ first</source>
        <translation>由 net = {0} 按 ln(1 + e^net) − y·net 算出，是同一个量，只是不先对 ŷ 取舍入</translation>
    </message>
    <message>
        <source>computed from the logits as ln Σₖ e^netₖ − Σₖ yₖ netₖ, the same quantity without rounding ŷ first</source>
        <translation>由各个 net 按 ln Σₖ e^netₖ − Σₖ yₖ netₖ 算出，是同一个量，只是不先对 ŷ 取舍入</translation>
    </message>
    <message>
        <source>{0}: {1} for one sample.</source>
        <translation>{0}：单个样本为 {1}。</translation>
    </message>
    <message>
        <source>The mini-batch loss is the mean of the {0} samples&apos; losses.</source>
        <translation>小批量的损失是这 {0} 个样本损失的平均值。</translation>
    </message>
    <message>
        <source>The mini-batch loss is the sum of the {0} samples&apos; losses.</source>
        <translation>小批量的损失是这 {0} 个样本损失之和。</translation>
    </message>
    <message>
        <source>penalty</source>
        <translation>惩罚项</translation>
    </message>
    <message>
        <source>added to the training objective (its gradient below); the loss the lab reports is the data loss alone</source>
        <translation>加在训练目标上（其梯度见下文）；实验室报告的损失只是数据部分的损失</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>mean over {0} samples</source>
        <translation>{0} 个样本的平均</translation>
    </message>
    <message>
        <source>sum over {0} samples</source>
        <translation>{0} 个样本之和</translation>
    </message>
    <message>
        <source>L(batch)</source>
        <translation>L(批)</translation>
    </message>
    <message>
        <source>f′(net) = 1: the output is linear, ŷ = net, so the f′(net) of (ŷ − y) f′(net) drops out</source>
        <translation>f′(net) = 1：输出是线性的，ŷ = net，所以 (ŷ − y) f′(net) 中的 f′(net) 消去了</translation>
    </message>
    <message>
        <source>Backward pass</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>Output: δ = ∂L/∂net = (ŷ − y) f′(net), the article&apos;s output error.</source>
        <translation>输出层：δ = ∂L/∂net = (ŷ − y) f′(net)，即文章中的输出层误差。</translation>
    </message>
    <message>
        <source>The output is linear, ŷ = f(net) = net, so f′(net) = 1 and δ = ŷ − y, as the article writes for its linear output.</source>
        <translation>输出是线性的，ŷ = f(net) = net，所以 f′(net) = 1，δ = ŷ − y，与文章对其线性输出的写法相同。</translation>
    </message>
    <message>
        <source>Output: δ = ŷ − y.  With a sigmoid output and cross-entropy, ∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ)) and f′(net) = ŷ(1 − ŷ) cancel.</source>
        <translation>输出层：δ = ŷ − y。Sigmoid 输出配交叉熵时，∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ)) 与 f′(net) = ŷ(1 − ŷ) 相互抵消。</translation>
    </message>
    <message>
        <source>Output: δₖ = ŷₖ − yₖ.  With a softmax output and cross-entropy, the softmax Jacobian cancels against ∂L/∂ŷ, so no f′ appears.</source>
        <translation>输出层：δₖ = ŷₖ − yₖ。Softmax 输出配交叉熵时，Softmax 的雅可比矩阵与 ∂L/∂ŷ 相互抵消，所以不出现 f′。</translation>
    </message>
    <message>
        <source>The batch loss is the mean over N = {0} samples, so every δ carries the factor 1/{0}.</source>
        <translation>批的损失是 N = {0} 个样本的平均，所以每个 δ 都带有因子 1/{0}。</translation>
    </message>
    <message>
        <source>Hidden: δⱼ = ∂L/∂netⱼ = (Σₖ δₖ wₖⱼ) f′(netⱼ): each neuron collects the errors of the neurons it feeds, through the same weights (the article&apos;s δⱼ = δ wⱼ f′(netⱼ) for one output).  f′ = h(1 − h) for the sigmoid, 1 − h² for tanh.</source>
        <translation>隐藏层：δⱼ = ∂L/∂netⱼ = (Σₖ δₖ wₖⱼ) f′(netⱼ)：每个神经元沿着同样的权重，汇集它所连接的下一层神经元的误差（只有一个输出时就是文章中的 δⱼ = δ wⱼ f′(netⱼ)）。Sigmoid 的 f′ = h(1 − h)，tanh 的 f′ = 1 − h²。</translation>
    </message>
    <message>
        <source>sample {0}&apos;s term: {1}</source>
        <translation>样本 {0} 的项：{1}</translation>
    </message>
    <message>
        <source>this sample: {0}; the other {1} samples together: {2}</source>
        <translation>这个样本：{0}；其余 {1} 个样本合计：{2}</translation>
    </message>
    <message>
        <source>data part = {0} = {1}</source>
        <translation>数据部分 = {0} = {1}</translation>
    </message>
    <message>
        <source>For one sample ∂L/∂wⱼᵢ = δⱼ xᵢ and ∂L/∂bⱼ = δⱼ; the step adds these up over the {0} samples of the mini-batch (Σₙ).</source>
        <translation>对单个样本，∂L/∂wⱼᵢ = δⱼ xᵢ，∂L/∂bⱼ = δⱼ；这一步把小批量中 {0} 个样本的这些值加起来（Σₙ）。</translation>
    </message>
    <message>
        <source>∂L/∂wⱼᵢ = δⱼ xᵢ and ∂L/∂bⱼ = δⱼ (xᵢ is the input the weight multiplies).</source>
        <translation>∂L/∂wⱼᵢ = δⱼ xᵢ，∂L/∂bⱼ = δⱼ（xᵢ 是这个权重所乘的输入）。</translation>
    </message>
    <message>
        <source>The 1/{0} of the mean is already inside each δ.</source>
        <translation>平均中的 1/{0} 已经包含在每个 δ 里。</translation>
    </message>
    <message>
        <source>Regularization with λ = {0} adds {1} to every weight gradient; biases are not regularized.</source>
        <translation>λ = {0} 的正则化在每个权重的梯度上加上 {1}；偏置不做正则化。</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>{0} update of {1}</source>
        <translation>{1} 的{0}更新</translation>
    </message>
    <message>
        <source>Gradient descent with learning rate η = {0}: w ← w − η ∂L/∂w, the article&apos;s rule.</source>
        <translation>学习率 η = {0} 的梯度下降：w ← w − η ∂L/∂w，即文章中的规则。</translation>
    </message>
    <message>
        <source>Momentum, η = {0}, μ = {1}: v ← μv + ∂L/∂w, then w ← w − ηv.  v(w) is the velocity the parameter has gathered over the steps so far.</source>
        <translation>动量，η = {0}，μ = {1}：v ← μv + ∂L/∂w，然后 w ← w − ηv。v(w) 是这个参数在此前各步中积累的速度。</translation>
    </message>
    <message>
        <source>Nesterov momentum, η = {0}, μ = {1}: v ← μv + ∂L/∂w, then w ← w − η(∂L/∂w + μv).</source>
        <translation>Nesterov 动量，η = {0}，μ = {1}：v ← μv + ∂L/∂w，然后 w ← w − η(∂L/∂w + μv)。</translation>
    </message>
    <message>
        <source>RMSProp, η = {0}, ρ = {1}, ε = {2}: s(w) is a running average of the squared gradient; each step is divided by its root.</source>
        <translation>RMSProp，η = {0}，ρ = {1}，ε = {2}：s(w) 是梯度平方的滑动平均；每一步都除以它的平方根。</translation>
    </message>
    <message>
        <source>Adam, η = {0}, β₁ = {1}, β₂ = {2}, ε = {3}, step t = {4}: m and v are running averages of the gradient and its square; the bias corrections are 1 − β₁ᵗ = {5} and 1 − β₂ᵗ = {6}.</source>
        <translation>Adam，η = {0}，β₁ = {1}，β₂ = {2}，ε = {3}，第 t = {4} 步：m 和 v 分别是梯度及其平方的滑动平均；偏差修正为 1 − β₁ᵗ = {5} 和 1 − β₂ᵗ = {6}。</translation>
    </message>
    <message>
        <source>The new values are exactly what “Apply this step” writes into the network.</source>
        <translation>这些新值正是“执行这一步”写入网络的值。</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
</context>
<context>
    <name>about</name>
    <message>
        <source>A desktop training lab for seeing forward and backward propagation in small neural networks.</source>
        <translation>一个桌面训练实验室，用来观察小型神经网络中的前向传播和反向传播。</translation>
    </message>
    <message>
        <source>License: {0}</source>
        <translation>许可证：{0}</translation>
    </message>
    <message>
        <source>Crash reports: {0}</source>
        <translation>崩溃报告：{0}</translation>
    </message>
    <message>
        <source>About bplab</source>
        <translation>关于 bplab</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>bplab: unexpected error</source>
        <translation>bplab：意外错误</translation>
    </message>
    <message>
        <source>bplab hit an unexpected error. The window stays open, but save your experiment under a new name before going on.</source>
        <translation>bplab 遇到了一个意外错误。窗口仍然开着，但请先把实验用新名字另存一份再继续。</translation>
    </message>
    <message>
        <source>{0}

A report was saved to:
{1}

Please attach it when you report the problem.</source>
        <translation>{0}

报告已保存到：
{1}

报告问题时请附上它。</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>Save the changes to {0}?</source>
        <translation>保存对 {0} 的更改吗？</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Training progress, weight edits and settings that are not saved will be lost if you discard them.</source>
        <translation>如果放弃，未保存的训练进度、权重修改和设置都会丢失。</translation>
    </message>
    <message>
        <source>Restore unsaved work?</source>
        <translation>恢复未保存的工作吗？</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Delete it</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
</context>
<context>
    <name>doctor</name>
    <message>
        <source>Training diverges: the loss went from {before} to {after} by epoch {epoch}. The learning rate {lr} is too high.</source>
        <translation>训练发散：到训练轮次 {epoch} 时损失从 {before} 变为 {after}。学习率 {lr} 太高。</translation>
    </message>
    <message>
        <source>Training diverges: the loss went from {before} to {after} by epoch {epoch}. The learning rate {lr} is too high: the curvature of the loss allows at most about {limit} here.</source>
        <translation>训练发散：到训练轮次 {epoch} 时损失从 {before} 变为 {after}。学习率 {lr} 太高：这里损失的曲率最多允许约 {limit}。</translation>
    </message>
    <message>
        <source>Training diverges: the loss went from {before} to {after} by epoch {epoch}. The weight from neuron {source} into neuron {neuron} of layer {layer} was set to {value}, {ratio} times the layer&apos;s typical weight.</source>
        <translation>训练发散：到训练轮次 {epoch} 时损失从 {before} 变为 {after}。从神经元 {source} 到第 {layer} 层神经元 {neuron} 的权重被设为 {value}，是该层典型权重的 {ratio} 倍。</translation>
    </message>
    <message>
        <source>Training diverges: the loss went from {before} to {after} by epoch {epoch}. The bias of neuron {neuron} of layer {layer} was set to {value}, {ratio} times the layer&apos;s typical weight.</source>
        <translation>训练发散：到训练轮次 {epoch} 时损失从 {before} 变为 {after}。第 {layer} 层神经元 {neuron} 的偏置被设为 {value}，是该层典型权重的 {ratio} 倍。</translation>
    </message>
    <message>
        <source>Training diverges: the loss went from {before} to {after} by epoch {epoch}. The weight from neuron {source} into neuron {neuron} of layer {layer} is {value}, {ratio} times the layer&apos;s typical weight: was it edited?</source>
        <translation>训练发散：到训练轮次 {epoch} 时损失从 {before} 变为 {after}。从神经元 {source} 到第 {layer} 层神经元 {neuron} 的权重是 {value}，是该层典型权重的 {ratio} 倍：是否被修改过？</translation>
    </message>
    <message>
        <source>Training diverges: the loss went from {before} to {after} by epoch {epoch}. The bias of neuron {neuron} of layer {layer} is {value}, {ratio} times the layer&apos;s typical weight: was it edited?</source>
        <translation>训练发散：到训练轮次 {epoch} 时损失从 {before} 变为 {after}。第 {layer} 层神经元 {neuron} 的偏置是 {value}，是该层典型权重的 {ratio} 倍：是否被修改过？</translation>
    </message>
    <message>
        <source>Training diverges: the loss went from {before} to {after} by epoch {epoch}. Layer {layer} amplifies its inputs {gain} times (RMS of its net over RMS of its inputs), so the signals after it and the gradients before it explode.</source>
        <translation>训练发散：到训练轮次 {epoch} 时损失从 {before} 变为 {after}。第 {layer} 层把它的输入放大了 {gain} 倍（net 的 RMS 除以输入的 RMS），因此它之后的信号和它之前的梯度都会爆炸。</translation>
    </message>
    <message>
        <source>Training diverges: the loss went from {before} to {after} by epoch {epoch}. The hidden layers amplify the network&apos;s inputs {total} times by layer {last} (RMS), most of all layer {layer}, {gain} times, so the gradients explode.</source>
        <translation>训练发散：到训练轮次 {epoch} 时损失从 {before} 变为 {after}。隐藏层到第 {last} 层时把网络的输入放大了 {total} 倍（RMS），其中第 {layer} 层最多，达 {gain} 倍，因此梯度爆炸。</translation>
    </message>
    <message>
        <source>Vanishing gradients: layer {first}&apos;s gradient is {ratio} of layer {last}&apos;s, so the first layers hardly learn.</source>
        <translation>梯度消失：第 {first} 层的梯度只有第 {last} 层的 {ratio}，因此前面几层几乎学不到东西。</translation>
    </message>
    <message>
        <source>Neuron {neuron} of layer {layer} is a dead ReLU: its output is 0 on every training point, so it gets no gradient and no longer learns.</source>
        <translation>第 {layer} 层的神经元 {neuron} 是死亡的 ReLU：它在每个训练点上的输出都是 0，因此得不到梯度，不再学习。</translation>
    </message>
    <message>
        <source>{count} of the {size} ReLU neurons of layer {layer} are dead: their output is 0 on every training point, so they get no gradient and no longer learn.</source>
        <translation>第 {layer} 层的 {size} 个 ReLU 神经元中有 {count} 个已死亡：它们在每个训练点上的输出都是 0，因此得不到梯度，不再学习。</translation>
    </message>
    <message>
        <source>Neuron {neuron} of layer {layer} ({activation}) is saturated: |net| &gt; {threshold} on {share}% of the training points, where its derivative is almost 0.</source>
        <translation>第 {layer} 层的神经元 {neuron}（激活函数 {activation}）已饱和：在 {share}% 的训练点上 |net| &gt; {threshold}，那里它的导数几乎为 0。</translation>
    </message>
    <message>
        <source>{count} of the {size} {activation} neurons of layer {layer} are saturated: |net| &gt; {threshold} on at least {share}% of the training points, where the derivative is almost 0.</source>
        <translation>第 {layer} 层的 {size} 个神经元（激活函数 {activation}）中有 {count} 个已饱和：在至少 {share}% 的训练点上 |net| &gt; {threshold}，那里导数几乎为 0。</translation>
    </message>
    <message>
        <source>The loss has hardly improved for {epochs} epochs: by {percent}% since epoch {start}. It is {loss} (best {best}).</source>
        <translation>损失已有 {epochs} 个训练轮次几乎没有改善：自训练轮次 {start} 以来只改善了 {percent}%。现在是 {loss}（最好 {best}）。</translation>
    </message>
    <message>
        <source>The learning rate {lr} is too small: the loss falls only about {percent}% per epoch, and the curvature of the loss would allow a rate up to about {limit}.</source>
        <translation>学习率 {lr} 太小：损失每个训练轮次只下降约 {percent}%，而损失的曲率允许的学习率可达约 {limit}。</translation>
    </message>
    <message>
        <source>Lower the learning rate to {lr}</source>
        <translation>把学习率降到 {lr}</translation>
    </message>
    <message>
        <source>Raise the learning rate to {lr}</source>
        <translation>把学习率提高到 {lr}</translation>
    </message>
    <message>
        <source>Use ReLU and He initialisation in the hidden layers</source>
        <translation>在隐藏层中使用 ReLU 和 He 初始化</translation>
    </message>
    <message>
        <source>Use He initialisation</source>
        <translation>使用 He 初始化</translation>
    </message>
    <message>
        <source>Use Glorot initialisation</source>
        <translation>使用 Glorot 初始化</translation>
    </message>
    <message>
        <source>Use leaky ReLU in layer {layer}</source>
        <translation>在第 {layer} 层使用 Leaky ReLU</translation>
    </message>
    <message>
        <source>Add the input features {features}</source>
        <translation>添加特征 {features}</translation>
    </message>
    <message>
        <source>Use more neurons: {sizes} in the hidden layers</source>
        <translation>使用更多神经元：隐藏层为 {sizes}</translation>
    </message>
    <message>
        <source>Start again from fresh initial weights</source>
        <translation>从新的初始权重重新开始</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <source>Epoch {0}</source>
        <translation>训练轮次 {0}</translation>
    </message>
    <message>
        <source>Test loss {0}</source>
        <translation>测试损失 {0}</translation>
    </message>
    <message>
        <source>no test set</source>
        <translation>没有测试集</translation>
    </message>
    <message>
        <source>Train loss {0} · {1}</source>
        <translation>训练损失 {0} · {1}</translation>
    </message>
    <message>
        <source>Accuracy – (not meaningful: training diverged)</source>
        <translation>准确率 –（无意义：训练已发散）</translation>
    </message>
    <message>
        <source>Accuracy {0} train · {1} test</source>
        <translation>准确率：训练 {0} · 测试 {1}</translation>
    </message>
    <message>
        <source>Accuracy {0} train</source>
        <translation>准确率：训练 {0}</translation>
    </message>
    <message>
        <source>Article&apos;s MSE {0}</source>
        <translation>文章的均方误差 {0}</translation>
    </message>
    <message>
        <source>Measured on the weights shown now. They changed since the loss curve&apos;s last point (a weight set by hand, or a pause between epochs).</source>
        <translation>按当前显示的权重测得。自损失曲线的最后一个点以来，权重已有变化（手动设置了权重，或在两个训练轮次之间暂停）。</translation>
    </message>
    <message>
        <source>Measured at the end of the latest epoch, like the loss curve&apos;s last point.</source>
        <translation>在最近一个训练轮次结束时测得，与损失曲线的最后一个点相同。</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>{0} steps/s</source>
        <translation>{0} 步/秒</translation>
    </message>
</context>
</TS>
