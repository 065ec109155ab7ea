"""The article's XOR program as printed, but for its one bug: run as a script.

As printed, the forward pass multiplies by ``W1.T`` and ``W2.T`` while the
weights are drawn (n_in, n_out), which fails with a shape error.  The minimal
correction keeps the shapes and drops the transposes (``np.dot(X, W1)``,
``np.dot(layer1, W2)``), and the hidden delta then needs ``W2.T``.  The three
corrected lines are marked; everything else, comments included, is the
article's.  Its printout is what ``bplab train --article-log`` must reproduce.
"""

import numpy as np


# Sigmoid激活函数及其导数
def sigmoid(x):
    return 1 / (1 + np.exp(-x))

def sigmoid_derivative(x):
    return x * (1 - x)

# 输入数据
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])

# 期望输出
y = np.array([[0], [1], [1], [0]])

# 初始化权重和偏置
np.random.seed(1)
W1 = np.random.randn(2, 2)  # 输入层到隐藏层的权重
b1 = np.random.randn(2)     # 隐藏层的偏置
W2 = np.random.randn(2, 1)  # 隐藏层到输出层的权重
b2 = np.random.randn(1)     # 输出层的偏置

# 超参数
learning_rate = 0.1
epochs = 10000

# 训练循环
for epoch in range(epochs):
    # 前向传播
    layer1 = sigmoid(np.dot(X, W1) + b1)  # corrected: the article has W1.T
    layer2 = sigmoid(np.dot(layer1, W2) + b2)  # corrected: the article has W2.T

    # 计算误差
    error = y - layer2

    # 反向传播
    delta2 = error * sigmoid_derivative(layer2)
    delta1 = np.dot(delta2, W2.T) * sigmoid_derivative(layer1)  # corrected: the article has W2

    # 更新权重和偏置
    W2 += learning_rate * np.dot(layer1.T, delta2)
    b2 += learning_rate * np.sum(delta2, axis=0)
    W1 += learning_rate * np.dot(X.T, delta1)
    b1 += learning_rate * np.sum(delta1, axis=0)

    # 每1000个epoch打印一次损失
    if epoch % 1000 == 0:
        loss = np.mean(error**2)
        print(f"Epoch {epoch}: Loss = {loss}")

# 测试
print("Output:")
print(layer2)
